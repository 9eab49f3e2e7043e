ALTER TABLE `callback_requests` ADD `claimed_by` integer REFERENCES staff_members(id);--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `claimed_at` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `closed_by` integer REFERENCES staff_members(id);--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `close_reason` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `close_note` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `close_attempts` integer;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `contact_message_id` text;