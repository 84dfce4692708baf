CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"language" text NOT NULL,
	"source" text NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_token_hash" UNIQUE("token_hash"),
	CONSTRAINT "feedback_score" CHECK ("feedback"."score" BETWEEN 1 AND 5),
	CONSTRAINT "feedback_comment" CHECK (char_length("feedback"."comment") <= 1000),
	CONSTRAINT "feedback_source" CHECK ("feedback"."source" IN ('link', 'kiosk'))
);
--> statement-breakpoint
CREATE TABLE "feedback_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"signup_id" uuid NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_token_hash_feedback_links_token_hash_fk" FOREIGN KEY ("token_hash") REFERENCES "public"."feedback_links"("token_hash") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_links" ADD CONSTRAINT "feedback_links_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_links" ADD CONSTRAINT "feedback_links_signup_id_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."signups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_event" ON "feedback" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "feedback_links_signup" ON "feedback_links" USING btree ("signup_id");