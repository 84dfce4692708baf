CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"channel" text DEFAULT 'email' NOT NULL,
	"recipient" text NOT NULL,
	"language" text NOT NULL,
	"signup_id" uuid,
	"event_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "outbox_status" CHECK ("outbox"."status" IN ('pending', 'sending', 'sent', 'failed')),
	CONSTRAINT "outbox_channel" CHECK ("outbox"."channel" IN ('email', 'sms'))
);
--> statement-breakpoint
CREATE TABLE "event_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"kind" text NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"label" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "event_questions_kind" CHECK ("event_questions"."kind" IN ('text', 'choice', 'multi', 'yesno'))
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "signup_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"signup_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"queue_no" bigint GENERATED ALWAYS AS IDENTITY (sequence name "signups_queue_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"adults" integer NOT NULL,
	"children" integer DEFAULT 0 NOT NULL,
	"small_children" integer DEFAULT 0 NOT NULL,
	"seats" integer NOT NULL,
	"status" text NOT NULL,
	"language" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "signups_contact" CHECK ("signups"."email" IS NOT NULL OR "signups"."phone" IS NOT NULL),
	CONSTRAINT "signups_name" CHECK (char_length("signups"."name") BETWEEN 1 AND 80),
	CONSTRAINT "signups_email" CHECK ("signups"."email" IS NULL OR (char_length("signups"."email") <= 254 AND "signups"."email" = lower("signups"."email"))),
	CONSTRAINT "signups_phone" CHECK ("signups"."phone" IS NULL OR "signups"."phone" ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "signups_party" CHECK ("signups"."adults" BETWEEN 1 AND 50 AND "signups"."children" BETWEEN 0 AND 50 AND "signups"."small_children" BETWEEN 0 AND 50),
	CONSTRAINT "signups_seats" CHECK ("signups"."seats" BETWEEN 1 AND 150),
	CONSTRAINT "signups_status" CHECK ("signups"."status" IN ('confirmed', 'waitlisted', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "max_party_size" integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "signup_opens_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "signup_closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "free_child_age" integer;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_signup_id_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."signups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_questions" ADD CONSTRAINT "event_questions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signup_tokens" ADD CONSTRAINT "signup_tokens_signup_id_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."signups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "event_questions_event" ON "event_questions" USING btree ("event_id","position");--> statement-breakpoint
CREATE INDEX "signup_tokens_signup" ON "signup_tokens" USING btree ("signup_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signups_event_email" ON "signups" USING btree ("event_id","email") WHERE "signups"."email" IS NOT NULL AND "signups"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "signups_event_phone" ON "signups" USING btree ("event_id","phone") WHERE "signups"."phone" IS NOT NULL AND "signups"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "signups_queue_no" ON "signups" USING btree ("queue_no");--> statement-breakpoint
CREATE INDEX "signups_event_status" ON "signups" USING btree ("event_id","status","queue_no");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_max_party" CHECK ("events"."max_party_size" BETWEEN 1 AND 50);--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_free_child_age" CHECK ("events"."free_child_age" IS NULL OR "events"."free_child_age" BETWEEN 1 AND 17);--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_signup_window" CHECK ("events"."signup_opens_at" IS NULL OR "events"."signup_closes_at" IS NULL OR "events"."signup_opens_at" < "events"."signup_closes_at");