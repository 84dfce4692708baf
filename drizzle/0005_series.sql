CREATE TABLE "series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"group_id" uuid,
	"frequency" text NOT NULL,
	"weekday" integer NOT NULL,
	"nth" integer,
	"start_time" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"skip_dates" date[] DEFAULT '{}'::date[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_frequency" CHECK ("series"."frequency" IN ('weekly', 'biweekly', 'monthly')),
	CONSTRAINT "series_weekday" CHECK ("series"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "series_nth" CHECK ("series"."nth" IS NULL OR "series"."nth" IN (-1, 1, 2, 3, 4)),
	CONSTRAINT "series_time" CHECK ("series"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "series_duration" CHECK ("series"."duration_minutes" BETWEEN 5 AND 1440),
	CONSTRAINT "series_dates" CHECK ("series"."first_date" <= "series"."last_date")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "occurrence" date;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "events_series_occurrence" ON "events" USING btree ("series_id","occurrence");