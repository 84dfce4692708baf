ALTER TABLE "hubs" ADD COLUMN "page_source_lang" text DEFAULT 'fi' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "about" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "directions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "accessibility_info" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "about_selko" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "opening_hours" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "opening_exceptions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_contact" CHECK (char_length("hubs"."address") <= 300 AND char_length("hubs"."phone") <= 40 AND char_length("hubs"."about_selko") <= 4000);