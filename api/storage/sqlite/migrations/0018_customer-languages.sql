CREATE TABLE `customer_languages` (
	`email` text PRIMARY KEY NOT NULL,
	`language` text NOT NULL,
	`updated_at` text NOT NULL
);
