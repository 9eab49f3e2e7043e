CREATE TABLE "dashboard_facts" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"submitted" integer,
	"facts" text
);
--> statement-breakpoint
ALTER TABLE "dashboard_facts" ADD CONSTRAINT "dashboard_facts_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_facts_submitted" ON "dashboard_facts" USING btree ("submitted");