CREATE TABLE `dashboard_facts` (
	`request_id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`submitted` integer,
	`facts` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dashboard_facts_submitted` ON `dashboard_facts` (`submitted`);