ALTER TABLE "signups" DROP CONSTRAINT "signups_name";--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "attended_people" integer;--> statement-breakpoint
-- Marks made before: a party marked as come came whole, one marked absent did not.
UPDATE "signups" SET "attended_people" = CASE WHEN "attended" THEN "adults" + "children" + "small_children" ELSE 0 END WHERE "attended" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_attended_people" CHECK (("signups"."attended" IS NULL AND "signups"."attended_people" IS NULL) OR ("signups"."attended_people" BETWEEN 0 AND 150 AND "signups"."attended" = ("signups"."attended_people" > 0)));--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_name" CHECK (char_length("signups"."name") BETWEEN 1 AND 80 OR ("signups"."name" = '' AND ("signups"."anonymized_at" IS NOT NULL OR "signups"."walk_in")));