CREATE TABLE "count_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"label" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	CONSTRAINT "count_groups_hub_id" UNIQUE("hub_id","id")
);
--> statement-breakpoint
CREATE TABLE "headcounts" (
	"event_id" uuid NOT NULL,
	"slot" text DEFAULT '' NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "headcounts_event_id_slot_pk" PRIMARY KEY("event_id","slot"),
	CONSTRAINT "headcounts_n" CHECK ("headcounts"."n" >= 0)
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "retention_days" integer;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "controller_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "controller_contact" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "removed_by_person" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "first_time" boolean;--> statement-breakpoint
ALTER TABLE "count_groups" ADD CONSTRAINT "count_groups_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcounts" ADD CONSTRAINT "headcounts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_retention_days" CHECK ("hubs"."retention_days" IS NULL OR "hubs"."retention_days" BETWEEN 1 AND 3650);--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_controller" CHECK (char_length("hubs"."controller_name") <= 200 AND char_length("hubs"."controller_contact") <= 500);