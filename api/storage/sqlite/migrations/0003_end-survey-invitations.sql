CREATE TABLE `end_survey_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` integer NOT NULL,
	`email` text NOT NULL,
	`contractor_id` integer,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`skip_reason` text,
	`secret_hash` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`used_at` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contractor_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `end_survey_invitations_requestId_unique` ON `end_survey_invitations` (`request_id`);--> statement-breakpoint
CREATE INDEX `end_survey_invitations_email` ON `end_survey_invitations` (`email`,`status`,`created_at`);