CREATE TABLE "helper_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"reach" text,
	"spoken" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text NOT NULL,
	"status" text DEFAULT 'offered' NOT NULL,
	"decoy" boolean DEFAULT false NOT NULL,
	"minutes" integer,
	"consent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"anonymized_at" timestamp with time zone,
	CONSTRAINT "helper_offers_status" CHECK ("helper_offers"."status" IN ('offered', 'confirmed', 'declined', 'cancelled')),
	CONSTRAINT "helper_offers_contact" CHECK ("helper_offers"."reach" IS NOT NULL OR "helper_offers"."anonymized_at" IS NOT NULL),
	CONSTRAINT "helper_offers_name" CHECK (char_length("helper_offers"."name") BETWEEN 1 AND 80 OR ("helper_offers"."name" = '' AND "helper_offers"."anonymized_at" IS NOT NULL)),
	CONSTRAINT "helper_offers_email" CHECK ("helper_offers"."email" IS NULL OR (char_length("helper_offers"."email") <= 254 AND "helper_offers"."email" = lower("helper_offers"."email"))),
	CONSTRAINT "helper_offers_phone" CHECK ("helper_offers"."phone" IS NULL OR "helper_offers"."phone" ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "helper_offers_minutes" CHECK ("helper_offers"."minutes" IS NULL OR ("helper_offers"."minutes" BETWEEN 0 AND 1440 AND "helper_offers"."status" = 'confirmed')),
	CONSTRAINT "helper_offers_decoy" CHECK (NOT "helper_offers"."decoy" OR ("helper_offers"."status" IN ('offered', 'cancelled') AND "helper_offers"."minutes" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "helper_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"language" text,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"needed" integer NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "helper_tasks_kind" CHECK ("helper_tasks"."kind" IN ('cook', 'interpreter', 'setup', 'childcare', 'driver', 'custom')),
	CONSTRAINT "helper_tasks_needed" CHECK ("helper_tasks"."needed" BETWEEN 1 AND 50),
	CONSTRAINT "helper_tasks_confirmed" CHECK ("helper_tasks"."confirmed" >= 0 AND "helper_tasks"."confirmed" <= "helper_tasks"."needed"),
	CONSTRAINT "helper_tasks_language" CHECK (("helper_tasks"."kind" = 'interpreter') = ("helper_tasks"."language" IS NOT NULL)),
	CONSTRAINT "helper_tasks_language_code" CHECK ("helper_tasks"."language" IS NULL OR "helper_tasks"."language" ~ '^[a-z]{2,3}$')
);
--> statement-breakpoint
CREATE TABLE "helper_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"offer_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_kind";--> statement-breakpoint
ALTER TABLE "helper_offers" ADD CONSTRAINT "helper_offers_task_id_helper_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."helper_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_tasks" ADD CONSTRAINT "helper_tasks_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_tokens" ADD CONSTRAINT "helper_tokens_offer_id_helper_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."helper_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "helper_offers_task" ON "helper_offers" USING btree ("task_id","status");--> statement-breakpoint
CREATE INDEX "helper_offers_reach" ON "helper_offers" USING btree ("reach");--> statement-breakpoint
CREATE UNIQUE INDEX "helper_offers_task_reach" ON "helper_offers" USING btree ("task_id","reach") WHERE "helper_offers"."reach" IS NOT NULL AND NOT "helper_offers"."decoy" AND "helper_offers"."status" IN ('offered', 'confirmed');--> statement-breakpoint
CREATE INDEX "helper_tasks_event" ON "helper_tasks" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "helper_tokens_offer" ON "helper_tokens" USING btree ("offer_id");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_kind" CHECK ("outbox"."kind" IN ('signup-confirmed', 'signup-waitlisted', 'signup-promoted', 'signup-cancelled', 'signup-link', 'reminder', 'event-changed', 'event-cancelled', 'feedback', 'leader-message', 'login-link', 'password-changed', 'helper-offered', 'helper-link', 'helper-confirmed', 'helper-declined', 'helper-cancelled'));--> statement-breakpoint
-- Public event pages show the tasks and how many helpers they still need (docs/decisions/026).
CREATE TRIGGER helper_tasks_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON helper_tasks FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
