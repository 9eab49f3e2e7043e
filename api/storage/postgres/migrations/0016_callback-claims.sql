ALTER TABLE "callback_requests" ADD COLUMN "claimed_by" integer;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "closed_by" integer;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "close_note" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "close_attempts" integer;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "contact_message_id" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD CONSTRAINT "callback_requests_claimed_by_staff_members_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD CONSTRAINT "callback_requests_closed_by_staff_members_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;