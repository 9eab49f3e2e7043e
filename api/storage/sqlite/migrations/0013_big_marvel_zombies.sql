CREATE TABLE `rate_limits` (
	`bucket` text PRIMARY KEY NOT NULL,
	`window_ends` text NOT NULL,
	`hits` integer NOT NULL
);
