-- Every committed change to what public pages, feeds and the API show notifies 'tori_changes';
-- each web instance then forgets the pages it kept (docs/decisions/026). One notification per
-- transaction: NOTIFY folds identical payloads, and statement-level triggers fire once per statement.
CREATE OR REPLACE FUNCTION tori_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tori_changes', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER event_questions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_questions FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER groups_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER group_members_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_members FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER places_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON places FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER categories_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER hubs_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hubs FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER series_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON series FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION tori_content_changed();
