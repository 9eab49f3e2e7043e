CREATE TABLE `norms_in_use` (
	`version` text PRIMARY KEY NOT NULL,
	`norms` text NOT NULL,
	`started_at` text NOT NULL
);
