CREATE TABLE "shown_windows" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"shown_at" timestamp with time zone NOT NULL,
	"from_date" date,
	"to_date" date,
	"stated_out_of_ten" integer,
	"comparable" integer NOT NULL,
	"actual_start" date NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shown_windows" ADD CONSTRAINT "shown_windows_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;