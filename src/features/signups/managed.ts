import type { Db } from '#db/client.ts';
import type { Answers, SignupStatus } from '#db/schema/signups.ts';
import { cancelDecoy, getDecoyByToken, stopDecoyReminders, stopDecoyTextMessages, updateDecoy } from './decoy-manage.ts';
import { decoyPosition } from './decoys.ts';
import { cancelSignup, stopReminders, stopTextMessages, updateSignup } from './mutations.ts';
import { getSignupByToken, waitlistPosition } from './queries.ts';
import type { SignupInput } from './schema.ts';

/**
 * What a manage link points at: a sign-up, or the decoy a repeated sign-up got (decision 015).
 * Pages and the token API treat both alike, so nothing they answer tells them apart.
 */
export interface Managed {
  decoy: boolean;
  id: string;
  eventId: string;
  name: string;
  email: string | null;
  phone: string | null;
  adults: number;
  children: number;
  smallChildren: number;
  status: SignupStatus;
  remindersOff: boolean;
  smsOff: boolean;
  language: string;
  answers: Answers;
  position: number | null;
}

export async function getManagedByToken(db: Db, token: string | undefined): Promise<Managed | null> {
  const signup = await getSignupByToken(db, token);
  if (signup) return { ...pickShown(signup), decoy: false, position: await waitlistPosition(db, signup.id) };
  const decoy = await getDecoyByToken(db, token);
  if (decoy) return { ...pickShown(decoy), decoy: true, position: await decoyPosition(db, decoy) };
  return null;
}

function pickShown(row: Omit<Managed, 'decoy' | 'position'>) {
  const { id, eventId, name, email, phone, adults, children, smallChildren, status, remindersOff, smsOff, language, answers } = row;
  return { id, eventId, name, email, phone, adults, children, smallChildren, status, remindersOff, smsOff, language, answers };
}

type Ref = Pick<Managed, 'id' | 'decoy'>;
type Change = Pick<SignupInput, 'adults' | 'children' | 'smallChildren' | 'answers'>;

export const cancelManaged = (db: Db, m: Ref) => (m.decoy ? cancelDecoy(db, m.id) : cancelSignup(db, m.id));
export const updateManaged = (db: Db, m: Ref, change: Change) => (m.decoy ? updateDecoy(db, m.id, change) : updateSignup(db, m.id, change));
export const stopManagedTextMessages = (db: Db, m: Ref) => (m.decoy ? stopDecoyTextMessages(db, m.id) : stopTextMessages(db, m.id));
export const stopManagedReminders = (db: Db, m: Ref) => (m.decoy ? stopDecoyReminders(db, m.id) : stopReminders(db, m.id));
