CREATE TABLE `calendar_feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`request_id` integer NOT NULL,
	`email` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendar_feeds_request_email` ON `calendar_feeds` (`request_id`,`email`);