DROP INDEX `requests_comparable`;--> statement-breakpoint
CREATE INDEX `requests_comparable` ON `requests` (`combi_id`,`kind`,`submitted_at`,`cancelled_at`,`starts_on`,`delivered_at`,`number`);