import type { HelperTaskKind } from '#db/schema/helpers.ts';

/** Helper tasks of the demo programme, so that "Helpers needed" and its filter show something. */
export const demoHelperTasks: { event: string; kind: HelperTaskKind; language?: string; needed: number }[] = [
  { event: 'neighbourhood-festival', kind: 'cook', needed: 3 },
  { event: 'neighbourhood-festival', kind: 'setup', needed: 2 },
  { event: 'neighbourhood-festival', kind: 'interpreter', language: 'ar', needed: 1 },
  { event: 'training-working-life', kind: 'interpreter', language: 'so', needed: 1 },
  { event: 'excursion-nuuksio', kind: 'driver', needed: 1 },
];
