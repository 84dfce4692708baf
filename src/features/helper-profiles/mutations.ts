import { and, eq, inArray } from 'drizzle-orm';
import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { helperInvitations, helperProfileLinks, helperProfiles } from '#db/schema/helper-profiles.ts';
import { helperOffers } from '#db/schema/helpers.ts';
import { outbox } from '#db/schema/outbox.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { taskLabel } from '#features/helpers/labels.ts';
import { issueHelperLink } from '#features/helpers/links.ts';
import { enqueueMessage, reachOf } from '#features/mail/outbox.ts';
import { freePlaces, lockTaskEvent, moveConfirmed } from '#features/seats/helper-places.ts';
import { isLang } from '#i18n/languages.ts';
import { hashToken, looksLikeToken, newToken } from '#lib/tokens.ts';
import type { ProfileAccess } from './links.ts';
import type { ProfileInput } from './schema.ts';

type Profile = typeof helperProfiles.$inferSelect;
const uiLang = (language: string) => (isLang(language) ? language : 'fi');

/**
 * Saves the profile of the contact a link proves: makes it on the first save. Saving is what
 * keeps a profile alive (`last_active_at`); opening the link changes nothing.
 */
export async function saveProfile(db: Db, access: ProfileAccess, input: ProfileInput, now = new Date()): Promise<{ kind: 'saved' }> {
  const values = { ...input, updatedAt: now, lastActiveAt: now, consentAt: now };
  await db
    .insert(helperProfiles)
    .values({ hubId: access.hubId, email: access.email, phone: access.phone, reach: access.reach, createdAt: now, ...values })
    .onConflictDoUpdate({ target: [helperProfiles.hubId, helperProfiles.reach], set: values });
  return { kind: 'saved' };
}

/**
 * The helper deletes their profile: at once, with its invitations, every link to it and the
 * messages about it to their contact (pending ones too). Offers they made stay with the offers'
 * own rules (their helper link deletes those).
 */
export async function deleteProfile(db: Db, access: ProfileAccess): Promise<{ kind: 'deleted' }> {
  await db.transaction(async (tx) => {
    await tx.delete(helperProfiles).where(and(eq(helperProfiles.hubId, access.hubId), eq(helperProfiles.reach, access.reach)));
    await tx.delete(helperProfileLinks).where(and(eq(helperProfileLinks.hubId, access.hubId), eq(helperProfileLinks.reach, access.reach)));
    const contacts = [access.email, access.phone].filter((c): c is string => c !== null);
    await tx
      .delete(outbox)
      .where(
        and(
          eq(outbox.hubId, access.hubId),
          inArray(outbox.kind, ['helper-profile-link', 'helper-invited']),
          inArray(outbox.recipient, contacts),
        ),
      );
  });
  return { kind: 'deleted' };
}

export const invitationUrl = (language: string, token: string) => `${getConfig().publicUrl}/${language}/helpers/invitation/${token}`;

export type InviteOutcome =
  | { kind: 'invited' }
  | { kind: 'already-invited' }
  | { kind: 'full' }
  | { kind: 'closed' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/**
 * A leader (their groups' events) or the coordinator invites a helper found by the search to a
 * task. The invitation's link goes to the helper's contact in their language; the leader never
 * sees the contact. Inviting the same person to the same task again sends nothing.
 */
export async function inviteHelper(
  db: Db,
  actor: Actor,
  args: { profileId: string; taskId: string },
  now = new Date(),
): Promise<InviteOutcome> {
  return db.transaction(async (tx) => {
    const locked = await lockTaskEvent(tx as Db, args.taskId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, task } = locked;
    const target = { hubId: event.hubId, groupId: event.groupId };
    if (!can(actor, 'helpers:find', { hubId: event.hubId, groupId: null }) || !can(actor, 'helpers:manage', target))
      return { kind: 'forbidden' } as const;
    if (!event.published || event.status !== 'scheduled' || now >= event.startsAt) return { kind: 'closed' } as const;
    if (freePlaces(task) <= 0) return { kind: 'full' } as const;
    const [profile] = await tx
      .select()
      .from(helperProfiles)
      .where(and(eq(helperProfiles.id, args.profileId), eq(helperProfiles.hubId, event.hubId)));
    if (!profile) return { kind: 'not-found' } as const;
    const token = newToken();
    const [made] = await tx
      .insert(helperInvitations)
      .values({ tokenHash: hashToken(token), profileId: profile.id, taskId: task.id, invitedBy: actorUserId(actor), createdAt: now })
      .onConflictDoNothing()
      .returning({ id: helperInvitations.id });
    if (!made) return { kind: 'already-invited' } as const;
    await enqueueMessage(tx as Db, {
      kind: 'helper-invited',
      ...reachOf(profile)!,
      language: profile.language,
      eventId: event.id,
      payload: { task: taskLabel(task, uiLang(profile.language)), name: profile.name, inviteUrl: invitationUrl(profile.language, token) },
    });
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'helpers.invite',
      entity: 'event',
      entityId: event.id,
      details: { task: task.id },
    });
    return { kind: 'invited' } as const;
  });
}

export type AnswerOutcome =
  | { kind: 'accepted' }
  | { kind: 'declined' }
  | { kind: 'already-accepted' }
  | { kind: 'full' }
  | { kind: 'expired' }
  | { kind: 'not-found' };

/**
 * The helper answers an invitation from its link. Accepting takes a place through the seats
 * module, under the event's and the task's locks like a leader's confirmation: when the task is
 * full, nothing is taken and the answer says so. Accepting twice takes one place.
 */
export async function answerInvitation(db: Db, token: string, answer: 'accept' | 'decline', now = new Date()): Promise<AnswerOutcome> {
  if (!looksLikeToken(token)) return { kind: 'not-found' };
  return db.transaction(async (tx) => {
    const [ref] = await tx
      .select({ id: helperInvitations.id, taskId: helperInvitations.taskId })
      .from(helperInvitations)
      .where(eq(helperInvitations.tokenHash, hashToken(token)));
    if (!ref) return { kind: 'not-found' } as const;
    const locked = await lockTaskEvent(tx as Db, ref.taskId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, task } = locked;
    const [row] = await tx
      .select({ invitation: helperInvitations, profile: helperProfiles })
      .from(helperInvitations)
      .innerJoin(helperProfiles, eq(helperProfiles.id, helperInvitations.profileId))
      .where(eq(helperInvitations.id, ref.id))
      .for('update', { of: helperInvitations });
    if (!row) return { kind: 'not-found' } as const;
    const { invitation, profile } = row;
    if (invitation.answer === 'accepted') return { kind: answer === 'accept' ? 'accepted' : 'already-accepted' } as const;
    if (event.status !== 'scheduled' || now >= event.startsAt) return { kind: 'expired' } as const;
    const touch = () => tx.update(helperProfiles).set({ lastActiveAt: now }).where(eq(helperProfiles.id, profile.id));
    if (answer === 'decline') {
      await tx.update(helperInvitations).set({ answer: 'declined', answeredAt: now }).where(eq(helperInvitations.id, invitation.id));
      await touch();
      return { kind: 'declined' } as const;
    }
    const offerId = await takePlace(tx as Db, task, profile, now);
    if (!offerId) return { kind: 'full' } as const;
    await tx.update(helperInvitations).set({ answer: 'accepted', answeredAt: now, offerId }).where(eq(helperInvitations.id, invitation.id));
    await touch();
    const link = await issueHelperLink(tx as Db, offerId, profile.language);
    await enqueueMessage(tx as Db, {
      kind: 'helper-confirmed',
      ...reachOf(profile)!,
      language: profile.language,
      eventId: event.id,
      payload: { task: taskLabel(task, uiLang(profile.language)), name: profile.name, manageUrl: link.url },
    });
    return { kind: 'accepted' } as const;
  });
}

/**
 * A confirmed offer for the profile on a locked task, or null when the task is full. An offer
 * they made already (same reach) becomes the confirmed one instead of a second row.
 */
async function takePlace(
  tx: Db,
  task: { id: string; needed: number; confirmed: number },
  profile: Profile,
  now: Date,
): Promise<string | null> {
  const [own] = await tx
    .select()
    .from(helperOffers)
    .where(
      and(
        eq(helperOffers.taskId, task.id),
        eq(helperOffers.reach, profile.reach),
        eq(helperOffers.decoy, false),
        inArray(helperOffers.status, ['offered', 'confirmed']),
      ),
    )
    .for('no key update');
  if (own?.status === 'confirmed') return own.id;
  if (freePlaces(task) <= 0) return null;
  await moveConfirmed(tx, task.id, 1);
  if (own) {
    await tx.update(helperOffers).set({ status: 'confirmed', decidedAt: now, updatedAt: now }).where(eq(helperOffers.id, own.id));
    return own.id;
  }
  const [made] = await tx
    .insert(helperOffers)
    .values({
      taskId: task.id,
      name: profile.name,
      email: profile.email,
      phone: profile.email ? null : profile.phone,
      reach: profile.reach,
      spoken: profile.languages,
      language: profile.language,
      status: 'confirmed',
      consentAt: now,
      createdAt: now,
      updatedAt: now,
      decidedAt: now,
    })
    .returning({ id: helperOffers.id });
  return made!.id;
}
