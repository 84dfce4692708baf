import { getConfig } from '#config';

/**
 * The days a hub keeps attendees' personal data after an event: its own setting, or the
 * installation's RETENTION_DAYS. The retention run, the consent text and the privacy page all
 * read this one function (decision 025).
 */
export function retentionDaysOf(hub: { retentionDays: number | null }): number {
  return hub.retentionDays ?? getConfig().RETENTION_DAYS;
}

/** Who the privacy page names as responsible for the data: the coordinator's words, or the hub's name. */
export function controllerOf(hub: { name: string; controllerName: string; controllerContact: string }) {
  return { name: hub.controllerName.trim() || hub.name, contact: hub.controllerContact.trim() };
}
