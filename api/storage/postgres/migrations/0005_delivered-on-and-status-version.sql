ALTER TABLE "end_survey_invitations" ADD COLUMN "delivered_on" date;--> statement-breakpoint
ALTER TABLE "request_statuses" ADD COLUMN "version" text DEFAULT '' NOT NULL;