CREATE TABLE `callback_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`invitation_id` text NOT NULL,
	`survey` text NOT NULL,
	`request_number` text,
	`organisation_id` integer NOT NULL,
	`phone` text,
	`note` text,
	`created_at` text NOT NULL,
	`done_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `callback_requests_invitationId_unique` ON `callback_requests` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `callback_requests_organisation` ON `callback_requests` (`organisation_id`,`done_at`);