ALTER TABLE `shown_windows` DROP COLUMN `actual_start`;--> statement-breakpoint
ALTER TABLE `shown_windows` DROP COLUMN `delivered_at`;