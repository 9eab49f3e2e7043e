CREATE TABLE `shown_windows` (
	`request_id` integer PRIMARY KEY NOT NULL,
	`shown_at` text NOT NULL,
	`from_date` text,
	`to_date` text,
	`stated_out_of_ten` integer,
	`comparable` integer NOT NULL,
	`actual_start` text NOT NULL,
	`delivered_at` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
