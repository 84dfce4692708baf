ALTER TABLE "signups" DROP CONSTRAINT "signups_contact";--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "walk_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "attended" boolean;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_contact" CHECK ("signups"."email" IS NOT NULL OR "signups"."phone" IS NOT NULL OR "signups"."walk_in");