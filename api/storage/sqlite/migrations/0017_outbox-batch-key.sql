ALTER TABLE `outbox` ADD `batch_key` text;--> statement-breakpoint
CREATE INDEX `outbox_batch` ON `outbox` (`batch_key`);