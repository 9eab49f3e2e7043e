DROP INDEX "requests_submitted";--> statement-breakpoint
CREATE INDEX "requests_comparable" ON "requests" USING btree ("combi_id","kind","submitted_at","cancelled_at","starts_on");