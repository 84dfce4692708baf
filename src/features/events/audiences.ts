// Fixed list: each has a label in every UI language file ('audience.*').
export const audiences = ['everyone', 'families', 'women', 'youth', 'seniors', 'newcomers'] as const;
export type Audience = (typeof audiences)[number];
