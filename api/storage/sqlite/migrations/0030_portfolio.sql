CREATE TABLE `applicant_organisations` (
	`kvk` text PRIMARY KEY NOT NULL,
	`domain` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `organisation_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`kvk` text NOT NULL,
	`domain` text NOT NULL,
	`email` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`used_at` text
);
--> statement-breakpoint
CREATE TABLE `organisation_members` (
	`kvk` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`kvk`, `email`),
	FOREIGN KEY (`kvk`) REFERENCES `applicant_organisations`(`kvk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisation_members_email` ON `organisation_members` (`email`);--> statement-breakpoint
CREATE TABLE `portfolio_calendar_feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`kvk` text NOT NULL,
	`email` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`kvk`) REFERENCES `applicant_organisations`(`kvk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portfolio_calendar_feeds_kvk_email` ON `portfolio_calendar_feeds` (`kvk`,`email`);--> statement-breakpoint
CREATE TABLE `project_delegates` (
	`kvk` text NOT NULL,
	`project` text NOT NULL,
	`email` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`kvk`, `project`, `email`),
	FOREIGN KEY (`kvk`) REFERENCES `applicant_organisations`(`kvk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_delegates_email` ON `project_delegates` (`email`);--> statement-breakpoint
ALTER TABLE `requests` ADD `applicant_kvk` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `project` text;--> statement-breakpoint
CREATE INDEX `requests_portfolio` ON `requests` (`applicant_kvk`,`project`);--> statement-breakpoint
UPDATE `requests` SET `applicant_kvk` = json_extract(`state`, '$.applicant.kvk'), `project` = json_extract(`state`, '$.project') WHERE json_extract(`state`, '$.applicant.kvk') IS NOT NULL OR json_extract(`state`, '$.project') IS NOT NULL;
