-- Kept statuses are derived: dropped here, each look-up computes and keeps its own again, now with its ETag.
DELETE FROM "request_statuses";--> statement-breakpoint
ALTER TABLE "request_statuses" ADD COLUMN "etag" text NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "change_position" xid8 DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "requests_change_position" ON "requests" USING btree ("change_position","number");
