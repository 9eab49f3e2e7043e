CREATE TABLE `scheduled_runs` (
	`job` text PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL
);
