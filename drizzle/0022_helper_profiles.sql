CREATE TABLE "helper_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"profile_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"invited_by" uuid,
	"answer" text,
	"offer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "helper_invitations_answer" CHECK ("helper_invitations"."answer" IS NULL OR "helper_invitations"."answer" IN ('accepted', 'declined')),
	CONSTRAINT "helper_invitations_answered" CHECK (("helper_invitations"."answer" IS NULL) = ("helper_invitations"."answered_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "helper_profile_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"hub_id" uuid NOT NULL,
	"email" text,
	"phone" text,
	"reach" text NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "helper_profile_links_reach" CHECK ("helper_profile_links"."reach" = coalesce("helper_profile_links"."email", "helper_profile_links"."phone"))
);
--> statement-breakpoint
CREATE TABLE "helper_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"reach" text NOT NULL,
	"language" text NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"free" text[] DEFAULT '{}'::text[] NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_active_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "helper_profiles_name" CHECK (char_length("helper_profiles"."name") BETWEEN 1 AND 80),
	CONSTRAINT "helper_profiles_reach" CHECK ("helper_profiles"."reach" = coalesce("helper_profiles"."email", "helper_profiles"."phone")),
	CONSTRAINT "helper_profiles_email" CHECK ("helper_profiles"."email" IS NULL OR (char_length("helper_profiles"."email") <= 254 AND "helper_profiles"."email" = lower("helper_profiles"."email"))),
	CONSTRAINT "helper_profiles_phone" CHECK ("helper_profiles"."phone" IS NULL OR "helper_profiles"."phone" ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "helper_profiles_languages" CHECK (cardinality("helper_profiles"."languages") <= 20 AND array_to_string("helper_profiles"."languages", ',') ~ '^([a-z]{2,3}(,[a-z]{2,3})*)?$'),
	CONSTRAINT "helper_profiles_skills" CHECK ("helper_profiles"."skills" <@ ARRAY['cook', 'interpreter', 'setup', 'childcare', 'driver']::text[]),
	CONSTRAINT "helper_profiles_free" CHECK ("helper_profiles"."free" <@ ARRAY['mon-morning', 'mon-afternoon', 'mon-evening', 'tue-morning', 'tue-afternoon', 'tue-evening', 'wed-morning', 'wed-afternoon', 'wed-evening', 'thu-morning', 'thu-afternoon', 'thu-evening', 'fri-morning', 'fri-afternoon', 'fri-evening', 'sat-morning', 'sat-afternoon', 'sat-evening', 'sun-morning', 'sun-afternoon', 'sun-evening']::text[]),
	CONSTRAINT "helper_profiles_note" CHECK (char_length("helper_profiles"."note") <= 200)
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_kind";--> statement-breakpoint
ALTER TABLE "helper_invitations" ADD CONSTRAINT "helper_invitations_profile_id_helper_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."helper_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_invitations" ADD CONSTRAINT "helper_invitations_task_id_helper_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."helper_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_invitations" ADD CONSTRAINT "helper_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_invitations" ADD CONSTRAINT "helper_invitations_offer_id_helper_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."helper_offers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_profile_links" ADD CONSTRAINT "helper_profile_links_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_profiles" ADD CONSTRAINT "helper_profiles_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "helper_invitations_token" ON "helper_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "helper_invitations_profile_task" ON "helper_invitations" USING btree ("profile_id","task_id");--> statement-breakpoint
CREATE INDEX "helper_invitations_task" ON "helper_invitations" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "helper_profile_links_reach" ON "helper_profile_links" USING btree ("hub_id","reach");--> statement-breakpoint
CREATE UNIQUE INDEX "helper_profiles_hub_reach" ON "helper_profiles" USING btree ("hub_id","reach");--> statement-breakpoint
CREATE INDEX "helper_profiles_hub_active" ON "helper_profiles" USING btree ("hub_id","last_active_at");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_kind" CHECK ("outbox"."kind" IN ('signup-confirmed', 'signup-waitlisted', 'signup-promoted', 'signup-cancelled', 'signup-link', 'reminder', 'event-changed', 'event-cancelled', 'feedback', 'leader-message', 'login-link', 'password-changed', 'helper-offered', 'helper-link', 'helper-confirmed', 'helper-declined', 'helper-cancelled', 'helper-reminder', 'helper-event-changed', 'helper-event-cancelled', 'helper-profile-link', 'helper-invited'));