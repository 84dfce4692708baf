// The pictograms a topic can carry: a fixed set drawn once (src/components/Pictograms.astro),
// so a coordinator picks one by name and no uploaded drawing ends up on every page.
export const topicIcons = [
  'cup',
  'pot',
  'mountain',
  'book',
  'chat',
  'star',
  'megaphone',
  'ball',
  'music',
  'heart',
  'people',
  'computer',
  'leaf',
] as const;
export type TopicIcon = (typeof topicIcons)[number];

/** Pictograms the pages use beside their own words (mode, children, access, languages…). */
export const pageIcons = ['dropin', 'signup', 'child', 'access', 'speech', 'pin', 'arrow', 'globe', 'tag'] as const;
export type PageIcon = (typeof pageIcons)[number];

export function isTopicIcon(value: unknown): value is TopicIcon {
  return typeof value === 'string' && (topicIcons as readonly string[]).includes(value);
}
