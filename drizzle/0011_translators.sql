ALTER TABLE "users" DROP CONSTRAINT "users_role";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "translates" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_translates" CHECK ("users"."translates" <@ ARRAY['fi', 'sv', 'en', 'ar', 'so', 'ru', 'uk', 'fa']::text[]);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role" CHECK ("users"."role" IN ('admin', 'leader', 'partner', 'translator'));