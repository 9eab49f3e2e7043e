ALTER TABLE `requests` ADD `starts_on` text;--> statement-breakpoint
CREATE INDEX `requests_submitted` ON `requests` (`combi_id`,`kind`,`submitted_at`);