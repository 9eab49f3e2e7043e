CREATE TABLE `alert_settings` (
	`organisation_id` integer PRIMARY KEY NOT NULL,
	`risk_days` integer NOT NULL,
	`quiet_days` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `staff_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `digest_opt_outs` (
	`staff_id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_members`(`id`) ON UPDATE no action ON DELETE no action
);
