ALTER TABLE "requests" ADD COLUMN "starts_on" date;--> statement-breakpoint
CREATE INDEX "requests_submitted" ON "requests" USING btree ("combi_id","kind","submitted_at");