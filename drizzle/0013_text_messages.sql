ALTER TABLE "hubs" ADD COLUMN "sms_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "sms_monthly_cap" integer;--> statement-breakpoint
ALTER TABLE "signup_decoys" ADD COLUMN "sms_off" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "signups" ADD COLUMN "sms_off" boolean DEFAULT false NOT NULL;