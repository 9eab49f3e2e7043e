CREATE TABLE `parked_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`request_number` text NOT NULL,
	`type` text NOT NULL,
	`received_at` text NOT NULL,
	`body_hash` text NOT NULL,
	`body` text NOT NULL,
	`expires_at` text NOT NULL,
	`resolved_at` text,
	`status` integer,
	`result` text,
	`errors` text,
	FOREIGN KEY (`sender_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parked_messages_sender_message` ON `parked_messages` (`sender_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `parked_messages_request` ON `parked_messages` (`request_number`,`id`);