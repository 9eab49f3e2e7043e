CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_organisation` ON `api_keys` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `combi_members` (
	`combi_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	PRIMARY KEY(`combi_id`, `organisation_id`),
	FOREIGN KEY (`combi_id`) REFERENCES `combis`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `combis` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`area` text NOT NULL,
	`capo_active` integer DEFAULT false NOT NULL,
	`organisation_id` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `combis_code_unique` ON `combis` (`code`);--> statement-breakpoint
CREATE TABLE `contact_moments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`message_seq` integer NOT NULL,
	`code` text NOT NULL,
	`channel` text NOT NULL,
	`at` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`staff_name` text NOT NULL,
	`spoke_with` text NOT NULL,
	`subject` text NOT NULL,
	`summary` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_seq`) REFERENCES `messages`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_moments_messageSeq_unique` ON `contact_moments` (`message_seq`);--> statement-breakpoint
CREATE INDEX `contact_moments_request` ON `contact_moments` (`request_id`,`at`);--> statement-breakpoint
CREATE INDEX `contact_moments_code` ON `contact_moments` (`code`,`at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`request_number` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`received_at` text NOT NULL,
	`body_hash` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`sender_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_sender_message` ON `messages` (`sender_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `messages_request` ON `messages` (`request_number`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`phone` text,
	`email` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_code_unique` ON `organisations` (`code`);--> statement-breakpoint
CREATE TABLE `planning_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`message_seq` integer NOT NULL,
	`field` text NOT NULL,
	`value` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`staff_name` text,
	`at` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_seq`) REFERENCES `messages`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `planning_changes_request` ON `planning_changes` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`combi_id` integer,
	`kind` text,
	`applicant_name` text,
	`applicant_email` text,
	`applicant_phone` text,
	`street` text,
	`house_number` text,
	`house_number_addition` text,
	`postcode` text,
	`city` text,
	`phase` text NOT NULL,
	`submitted_at` text,
	`delivered_at` text,
	`cancelled_at` text,
	`last_occurred_at` text,
	`updated_at` text NOT NULL,
	`state` text NOT NULL,
	FOREIGN KEY (`combi_id`) REFERENCES `combis`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `requests_number_unique` ON `requests` (`number`);--> statement-breakpoint
CREATE INDEX `requests_combi` ON `requests` (`combi_id`,`phase`);--> statement-breakpoint
CREATE INDEX `requests_postcode` ON `requests` (`postcode`,`house_number`);--> statement-breakpoint
CREATE INDEX `requests_email` ON `requests` (`applicant_email`);--> statement-breakpoint
CREATE TABLE `stagnation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`message_seq` integer NOT NULL,
	`event` text NOT NULL,
	`cause` text,
	`reason` text,
	`organisation_id` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_seq`) REFERENCES `messages`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stagnation_events_messageSeq_unique` ON `stagnation_events` (`message_seq`);--> statement-breakpoint
CREATE INDEX `stagnation_events_request` ON `stagnation_events` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `work_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`discipline` text NOT NULL,
	`grid_operator_id` integer NOT NULL,
	`contractor_id` integer,
	`status` text NOT NULL,
	`quickscan_at` text,
	`quote_sent_at` text,
	`quote_decision` text,
	`handed_to_combi_at` text,
	`completed_at` text,
	`cancelled_at` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_operator_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contractor_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `work_orders_request_external` ON `work_orders` (`request_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `work_orders_grid_operator` ON `work_orders` (`grid_operator_id`);--> statement-breakpoint
CREATE INDEX `work_orders_contractor` ON `work_orders` (`contractor_id`);