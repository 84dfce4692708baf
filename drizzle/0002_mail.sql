ALTER TABLE "outbox" DROP CONSTRAINT "outbox_status";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reminder_hours" integer;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "morning_reminder" boolean;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "reminder_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "morning_reminder" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "reminders_off" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_reminder_hours" CHECK ("events"."reminder_hours" IS NULL OR "events"."reminder_hours" BETWEEN 0 AND 336);--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status" CHECK ("outbox"."status" IN ('pending', 'sending', 'sent', 'failed', 'skipped'));