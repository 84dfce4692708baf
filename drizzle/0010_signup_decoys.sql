CREATE TABLE "signup_decoys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
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
	"queue_after" bigint DEFAULT 0 NOT NULL,
	"reminders_off" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signup_decoys_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "signup_decoys_status" CHECK ("signup_decoys"."status" IN ('confirmed', 'waitlisted', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "signup_decoys" ADD CONSTRAINT "signup_decoys_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "signup_decoys_event" ON "signup_decoys" USING btree ("event_id");