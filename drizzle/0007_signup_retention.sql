ALTER TABLE "signups" DROP CONSTRAINT "signups_contact";--> statement-breakpoint
ALTER TABLE "signups" DROP CONSTRAINT "signups_name";--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "anonymized_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_contact" CHECK ("signups"."email" IS NOT NULL OR "signups"."phone" IS NOT NULL OR "signups"."walk_in" OR "signups"."anonymized_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_name" CHECK (char_length("signups"."name") BETWEEN 1 AND 80 OR ("signups"."anonymized_at" IS NOT NULL AND "signups"."name" = ''));