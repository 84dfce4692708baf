/** The five answers to "How was it?", worst to best; each shown with its words (decision 027). */
export const FEEDBACK_SCORES = [1, 2, 3, 4, 5] as const;
export type FeedbackScore = (typeof FEEDBACK_SCORES)[number];

/** The face beside each answer's words; the words are the accessible name, the face is decoration. */
export const FEEDBACK_FACES: Record<FeedbackScore, string> = { 1: '😞', 2: '🙁', 3: '😐', 4: '🙂', 5: '😄' };

export function parseScore(value: unknown): FeedbackScore | null {
  const n = Number(value);
  return typeof value === 'string' && /^[1-5]$/.test(value) ? (n as FeedbackScore) : null;
}
