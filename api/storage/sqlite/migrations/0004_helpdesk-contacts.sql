CREATE TABLE `helpdesk_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` integer NOT NULL,
	`contact_id` text NOT NULL,
	`body_hash` text NOT NULL,
	`occurred_at` text NOT NULL,
	`request_number` text,
	`account` text,
	`phone` text,
	`route` text NOT NULL,
	`channel` text,
	`recipient` text,
	`reason` text,
	`secret_hash` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`used_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `helpdesk_contacts_sender_contact` ON `helpdesk_contacts` (`organisation_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `helpdesk_contacts_occurred` ON `helpdesk_contacts` (`occurred_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `channel` text DEFAULT 'email' NOT NULL;