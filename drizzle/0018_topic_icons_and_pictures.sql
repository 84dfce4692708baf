CREATE TABLE "picture_files" (
	"picture_id" uuid NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "picture_files_pk" PRIMARY KEY("picture_id","format","width"),
	CONSTRAINT "picture_files_format" CHECK ("picture_files"."format" IN ('avif', 'webp', 'jpeg'))
);
--> statement-breakpoint
CREATE TABLE "pictures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "icon" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "picture_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "picture_alt" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "picture_id" uuid;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "picture_alt" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "picture_files" ADD CONSTRAINT "picture_files_picture_id_pictures_id_fk" FOREIGN KEY ("picture_id") REFERENCES "public"."pictures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_picture_id_pictures_id_fk" FOREIGN KEY ("picture_id") REFERENCES "public"."pictures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_picture_id_pictures_id_fk" FOREIGN KEY ("picture_id") REFERENCES "public"."pictures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_icon" CHECK ("categories"."icon" IS NULL OR "categories"."icon" IN ('cup', 'pot', 'mountain', 'book', 'chat', 'star', 'megaphone', 'ball', 'music', 'heart', 'people', 'computer', 'leaf'));--> statement-breakpoint
UPDATE "categories" SET "icon" = CASE "slug" WHEN 'cafe' THEN 'cup' WHEN 'cooking' THEN 'pot' WHEN 'excursion' THEN 'mountain' WHEN 'training' THEN 'book' WHEN 'advice' THEN 'chat' WHEN 'festival' THEN 'star' WHEN 'outreach' THEN 'megaphone' WHEN 'sports' THEN 'ball' END WHERE "icon" IS NULL;
