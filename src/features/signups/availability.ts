/** Whether the sign-up form is shown, and why not when it is not. */
export type Availability = 'open' | 'waitlist-only' | 'full' | 'not-open' | 'closed' | 'cancelled' | 'dropin';

export function signupAvailability(
  event: {
    mode: string;
    status: string;
    capacity: number | null;
    seatsTaken: number;
    waitlist: boolean;
    startsAt: Date;
    signupOpensAt: Date | null;
    signupClosesAt: Date | null;
  },
  now: Date,
): Availability {
  if (event.mode !== 'signup' || event.capacity === null) return 'dropin';
  if (event.status === 'cancelled') return 'cancelled';
  if (now >= (event.signupClosesAt ?? event.startsAt)) return 'closed';
  if (event.signupOpensAt && now < event.signupOpensAt) return 'not-open';
  if (event.seatsTaken < event.capacity) return 'open';
  return event.waitlist ? 'waitlist-only' : 'full';
}
