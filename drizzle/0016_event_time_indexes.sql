CREATE INDEX "events_hub_ends" ON "events" USING btree ("hub_id","ends_at");--> statement-breakpoint
CREATE INDEX "events_hub_updated" ON "events" USING btree ("hub_id","updated_at");