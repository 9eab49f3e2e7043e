-- Kept statuses are derived: dropped here, each look-up computes and keeps its own again, now with its ETag.
DELETE FROM `request_statuses`;--> statement-breakpoint
ALTER TABLE `request_statuses` ADD `etag` text NOT NULL DEFAULT '';--> statement-breakpoint
ALTER TABLE `requests` ADD `change_position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The aanvragen stored before the change feed enter it in the order they were first stored.
UPDATE `requests` SET `change_position` = `id`;--> statement-breakpoint
CREATE INDEX `requests_change_position` ON `requests` (`change_position`,`number`);
