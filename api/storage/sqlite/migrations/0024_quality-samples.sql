CREATE TABLE `quality_sample_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sample_id` integer NOT NULL,
	`contact_moment_id` integer NOT NULL,
	`position` integer NOT NULL,
	`verdict` text,
	`failed` text,
	`note` text,
	`reviewed_by` text,
	`reviewed_at` text,
	FOREIGN KEY (`sample_id`) REFERENCES `quality_samples`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_moment_id`) REFERENCES `contact_moments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_sample_items_moment` ON `quality_sample_items` (`sample_id`,`contact_moment_id`);--> statement-breakpoint
CREATE TABLE `quality_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`size` integer NOT NULL,
	`seed` text NOT NULL,
	`drawn_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quality_samples_organisation` ON `quality_samples` (`organisation_id`);