CREATE TABLE `request_statuses` (
	`number` text PRIMARY KEY NOT NULL,
	`combi_id` integer,
	`grid_operators` text NOT NULL,
	`json` text NOT NULL,
	`valid_until` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `requests` DROP COLUMN `status_json`;--> statement-breakpoint
ALTER TABLE `requests` DROP COLUMN `status_valid_until`;--> statement-breakpoint
ALTER TABLE `requests` DROP COLUMN `grid_operators`;