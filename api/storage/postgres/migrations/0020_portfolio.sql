CREATE TABLE "applicant_organisations" (
	"kvk" text PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"kvk" text NOT NULL,
	"domain" text NOT NULL,
	"email" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisation_members" (
	"kvk" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organisation_members_kvk_email_pk" PRIMARY KEY("kvk","email")
);
--> statement-breakpoint
CREATE TABLE "portfolio_calendar_feeds" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"kvk" text NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_delegates" (
	"kvk" text NOT NULL,
	"project" text NOT NULL,
	"email" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_delegates_kvk_project_email_pk" PRIMARY KEY("kvk","project","email")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "applicant_kvk" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "project" text;--> statement-breakpoint
ALTER TABLE "organisation_members" ADD CONSTRAINT "organisation_members_kvk_applicant_organisations_kvk_fk" FOREIGN KEY ("kvk") REFERENCES "public"."applicant_organisations"("kvk") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_calendar_feeds" ADD CONSTRAINT "portfolio_calendar_feeds_kvk_applicant_organisations_kvk_fk" FOREIGN KEY ("kvk") REFERENCES "public"."applicant_organisations"("kvk") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_delegates" ADD CONSTRAINT "project_delegates_kvk_applicant_organisations_kvk_fk" FOREIGN KEY ("kvk") REFERENCES "public"."applicant_organisations"("kvk") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_members_email" ON "organisation_members" USING btree ("email");--> statement-breakpoint
CREATE INDEX "portfolio_calendar_feeds_kvk_email" ON "portfolio_calendar_feeds" USING btree ("kvk","email");--> statement-breakpoint
CREATE INDEX "project_delegates_email" ON "project_delegates" USING btree ("email");--> statement-breakpoint
CREATE INDEX "requests_portfolio" ON "requests" USING btree ("applicant_kvk","project");--> statement-breakpoint
UPDATE "requests" SET "applicant_kvk" = "state"->'applicant'->>'kvk', "project" = "state"->>'project' WHERE ("state"->'applicant'->>'kvk') IS NOT NULL OR ("state"->>'project') IS NOT NULL;
