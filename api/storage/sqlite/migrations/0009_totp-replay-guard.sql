ALTER TABLE `staff_members` ADD `totp_last_step` integer;--> statement-breakpoint
CREATE INDEX `helpdesk_contacts_request` ON `helpdesk_contacts` (`request_number`);