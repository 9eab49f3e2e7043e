ALTER TABLE `requests` ADD `status_json` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `status_valid_until` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `grid_operators` text;