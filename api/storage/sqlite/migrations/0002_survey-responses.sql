CREATE TABLE `survey_answers` (
	`response_id` text NOT NULL,
	`question` text NOT NULL,
	`value` text NOT NULL,
	`answered_at` text NOT NULL,
	PRIMARY KEY(`response_id`, `question`),
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`survey` text NOT NULL,
	`request_number` text,
	`trigger` text,
	`trigger_key` text,
	`invitation_id` text,
	`page` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_triggerKey_unique` ON `survey_responses` (`trigger_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_invitationId_unique` ON `survey_responses` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_request` ON `survey_responses` (`request_number`);--> statement-breakpoint
CREATE INDEX `survey_responses_created` ON `survey_responses` (`survey`,`created_at`);