CREATE TABLE "calendar_feeds" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"request_id" integer NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_feeds_request_email" ON "calendar_feeds" USING btree ("request_id","email");