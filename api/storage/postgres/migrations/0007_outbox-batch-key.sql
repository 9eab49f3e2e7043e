ALTER TABLE "outbox" ADD COLUMN "batch_key" text;--> statement-breakpoint
CREATE INDEX "outbox_batch" ON "outbox" USING btree ("batch_key");