ALTER TABLE "users" DROP CONSTRAINT "users_email_unique";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_group_id_groups_id_fk";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_category_id_categories_id_fk";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_place_id_places_id_fk";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_series_id_series_id_fk";--> statement-breakpoint
ALTER TABLE "groups" DROP CONSTRAINT "groups_category_id_categories_id_fk";--> statement-breakpoint
ALTER TABLE "groups" DROP CONSTRAINT "groups_place_id_places_id_fk";--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_event_id_events_id_fk";--> statement-breakpoint
ALTER TABLE "series" DROP CONSTRAINT "series_group_id_groups_id_fk";--> statement-breakpoint
ALTER TABLE "group_members" DROP CONSTRAINT "group_members_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "group_members" DROP CONSTRAINT "group_members_group_id_groups_id_fk";--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_hub_id" UNIQUE("hub_id","id");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_hub_id" UNIQUE("hub_id","id");--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_hub_id" UNIQUE("hub_id","id");--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_hub_id" UNIQUE("hub_id","id");--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_hub_id" UNIQUE("hub_id","id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_hub_email" UNIQUE("hub_id","email");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_hub_id" UNIQUE("hub_id","id");--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "hub_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hub_id" uuid;--> statement-breakpoint
ALTER TABLE "group_members" ADD COLUMN "hub_id" uuid;--> statement-breakpoint
-- Existing rows get the hub of what they concern: the outbox from its event (or sign-up, or for
-- a sign-in link the account of that address), the audit log from the entity it names (or the
-- person who acted), group members from their group. The oldest hub catches anything left.
UPDATE "outbox" o SET "hub_id" = COALESCE(
  (SELECT e."hub_id" FROM "events" e WHERE e."id" = o."event_id"),
  (SELECT e."hub_id" FROM "signups" s JOIN "events" e ON e."id" = s."event_id" WHERE s."id" = o."signup_id"),
  (SELECT u."hub_id" FROM "users" u WHERE u."email" = o."recipient" ORDER BY u."created_at" LIMIT 1),
  (SELECT h."id" FROM "hubs" h ORDER BY h."created_at", h."id" LIMIT 1));--> statement-breakpoint
UPDATE "audit_log" a SET "hub_id" = COALESCE(
  CASE a."entity"
    WHEN 'hub' THEN (SELECT h."id" FROM "hubs" h WHERE h."id"::text = a."entity_id")
    WHEN 'event' THEN (SELECT x."hub_id" FROM "events" x WHERE x."id"::text = a."entity_id")
    WHEN 'place' THEN (SELECT x."hub_id" FROM "places" x WHERE x."id"::text = a."entity_id")
    WHEN 'category' THEN (SELECT x."hub_id" FROM "categories" x WHERE x."id"::text = a."entity_id")
    WHEN 'group' THEN (SELECT x."hub_id" FROM "groups" x WHERE x."id"::text = a."entity_id")
    WHEN 'series' THEN (SELECT x."hub_id" FROM "series" x WHERE x."id"::text = a."entity_id")
    WHEN 'user' THEN (SELECT x."hub_id" FROM "users" x WHERE x."id"::text = a."entity_id")
    WHEN 'signup' THEN (SELECT e."hub_id" FROM "signups" s JOIN "events" e ON e."id" = s."event_id" WHERE s."id"::text = a."entity_id")
    WHEN 'feed_token' THEN (SELECT u."hub_id" FROM "feed_tokens" f JOIN "users" u ON u."id" = f."user_id" WHERE f."id"::text = a."entity_id")
  END,
  (SELECT u."hub_id" FROM "users" u WHERE u."id" = a."user_id"),
  (SELECT h."id" FROM "hubs" h ORDER BY h."created_at", h."id" LIMIT 1));--> statement-breakpoint
UPDATE "group_members" m SET "hub_id" = g."hub_id" FROM "groups" g WHERE g."id" = m."group_id";--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "hub_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hub_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "group_members" ALTER COLUMN "hub_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_category_in_hub" FOREIGN KEY ("hub_id","category_id") REFERENCES "public"."categories"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_place_in_hub" FOREIGN KEY ("hub_id","place_id") REFERENCES "public"."places"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_group_in_hub" FOREIGN KEY ("hub_id","group_id") REFERENCES "public"."groups"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_series_in_hub" FOREIGN KEY ("hub_id","series_id") REFERENCES "public"."series"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_category_in_hub" FOREIGN KEY ("hub_id","category_id") REFERENCES "public"."categories"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_place_in_hub" FOREIGN KEY ("hub_id","place_id") REFERENCES "public"."places"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_event_in_hub" FOREIGN KEY ("hub_id","event_id") REFERENCES "public"."events"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_group_in_hub" FOREIGN KEY ("hub_id","group_id") REFERENCES "public"."groups"("hub_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_in_hub" FOREIGN KEY ("hub_id","user_id") REFERENCES "public"."users"("hub_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_in_hub" FOREIGN KEY ("hub_id","group_id") REFERENCES "public"."groups"("hub_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_hub_created" ON "outbox" USING btree ("hub_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_hub_at" ON "audit_log" USING btree ("hub_id","at");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_kind" CHECK ("outbox"."kind" IN ('signup-confirmed', 'signup-waitlisted', 'signup-promoted', 'signup-cancelled', 'signup-link', 'reminder', 'event-changed', 'event-cancelled', 'feedback', 'leader-message', 'login-link'));
