CREATE TABLE `customer_panels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`combi_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`title` text NOT NULL,
	`starts_at` text NOT NULL,
	`place` text NOT NULL,
	`capacity` integer NOT NULL,
	`deadline` text NOT NULL,
	`partners` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`questionnaire_sent_at` text,
	`summary_text` text,
	`summary_file_name` text,
	`summary_file_type` text,
	`summary_file` text,
	`summary_shared_at` text,
	FOREIGN KEY (`combi_id`) REFERENCES `combis`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_panels_combi` ON `customer_panels` (`combi_id`);--> statement-breakpoint
CREATE TABLE `panel_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`panel_id` integer NOT NULL,
	`applicant_key` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`lang` text NOT NULL,
	`secret_hash` text NOT NULL,
	`state` text NOT NULL,
	`invited_at` text NOT NULL,
	`registered_at` text,
	`cancelled_at` text,
	FOREIGN KEY (`panel_id`) REFERENCES `customer_panels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `panel_invitations_applicant` ON `panel_invitations` (`panel_id`,`applicant_key`);