ALTER TABLE `end_survey_invitations` ADD `delivered_on` text;--> statement-breakpoint
ALTER TABLE `request_statuses` ADD `version` text DEFAULT '' NOT NULL;