import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { getHomeProgramme } from '#features/events/home.ts';
import { hubDay } from '#features/events/hub-days.ts';
import { choiceTarget, homeLanguage } from '#features/site/language-choice.ts';
import { formatList, formatNumber, joinPhrases } from '#i18n/format.ts';
import { createTestDatabase } from '../setup/db.ts';
import { HELSINKI, helsinki, makeEvent, makeHub } from '../setup/fixtures.ts';

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
// Wednesday 17 March 2027, noon in Helsinki.
const now = helsinki(2027, 3, 17, 12, 0);

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  const db = handle.db;
  await makeEvent(db, ids, helsinki(2027, 3, 17, 15), { slug: 'today-cafe', group: 'cafe-group' });
  // Thursday: only a group's drop-in café. Friday: only a drop-in without a group.
  await makeEvent(db, ids, helsinki(2027, 3, 18, 10), { slug: 'thursday-cafe', group: 'cafe-group' });
  await makeEvent(db, ids, helsinki(2027, 3, 19, 10), { slug: 'friday-open-hall' });
  // Saturday: a sign-up event and a group's drop-in.
  await makeEvent(db, ids, helsinki(2027, 3, 20, 10), { slug: 'saturday-class', mode: 'signup', capacity: 10, group: 'cooks' });
  await makeEvent(db, ids, helsinki(2027, 3, 20, 14), { slug: 'saturday-cafe', group: 'cafe-group' });
  // Tuesday: a cancelled group drop-in is still shown (marked cancelled), like any event.
  await makeEvent(db, ids, helsinki(2027, 3, 23, 10), { slug: 'tuesday-cafe', group: 'cafe-group', status: 'cancelled' });
  // A week on: outside "this week".
  await makeEvent(db, ids, helsinki(2027, 3, 24, 10), { slug: 'next-wednesday-cafe', group: 'cafe-group' });
});

afterAll(async () => {
  await handle?.close();
});

describe('this week on the home page', () => {
  it('shows every day with something on, days with only drop-in sessions included', async () => {
    const home = await getHomeProgramme(handle.db, ids.hub.id, now, HELSINKI);
    expect(home.today.map((e) => e.slug)).toEqual(['today-cafe']);
    expect(home.week.map((e) => e.slug)).toEqual(['thursday-cafe', 'friday-open-hall', 'saturday-class', 'saturday-cafe', 'tuesday-cafe']);
    expect(home.weekDays).toEqual(['2027-03-18', '2027-03-19', '2027-03-20', '2027-03-23']);
    // The drop-in summary still gathers each group's coming sessions (not the cancelled one).
    const cafe = home.dropins.find((d) => d.group.slug === 'cafe-group');
    expect(cafe?.sessions.map((s) => s.slug)).toEqual(['today-cafe', 'thursday-cafe', 'saturday-cafe']);
  });

  it('a day whose only session is a group drop-in is a day of the week', async () => {
    const wednesdayMorning = helsinki(2027, 3, 24, 8, 0);
    const home = await getHomeProgramme(handle.db, ids.hub.id, helsinki(2027, 3, 22, 20, 0), HELSINKI);
    expect(home.weekDays).toContain(hubDay(wednesdayMorning, HELSINKI));
  });
});

describe('lists and numbers in the visitor’s language', () => {
  it('joins Arabic lists with the Arabic comma and "و", never a Latin comma', () => {
    const ar = formatList(['الفنلندية', 'العربية', 'الصومالية'], 'ar');
    expect(ar).not.toContain(', ');
    // CLDR's Arabic list joins every item with " و" ("and"), as Arabic writes it.
    expect(ar).toBe('الفنلندية والعربية والصومالية');
    expect(formatList(['suomi', 'arabia', 'somali'], 'fi')).toBe('suomi, arabia ja somali');
    expect(formatList(['finska', 'arabiska'], 'sv')).toBe('finska och arabiska');
    expect(formatList(['one'], 'en')).toBe('one');
    expect(joinPhrases(['اليوم', 'الاثنين 5 مايو'], 'ar')).toBe('اليوم، الاثنين 5 مايو');
    expect(joinPhrases(['Tänään', 'maanantai 5.5.'], 'fi')).toBe('Tänään, maanantai 5.5.');
  });

  it('writes numbers with each language’s grouping', () => {
    expect(formatNumber(12345, 'fi').replace(/\s/g, ' ')).toBe('12 345');
    expect(formatNumber(12345, 'en')).toBe('12,345');
  });
});

describe('the remembered language', () => {
  it('goes to the same page in the chosen language, and only within the site', () => {
    expect(choiceTarget('ar', '/events?mode=dropin')).toBe('/ar/events?mode=dropin');
    expect(choiceTarget('so', null)).toBe('/so/');
    expect(choiceTarget('fi', '//evil.example/x')).toBe('/fi/');
    expect(choiceTarget('fi', 'https://evil.example/')).toBe('/fi/');
    expect(choiceTarget('fi', '/\\evil.example')).toBe('/fi/');
  });

  it('answers `/` with the remembered choice before the browser’s languages', () => {
    expect(homeLanguage('so', 'fi-FI,fi;q=0.9')).toBe('so');
    expect(homeLanguage(undefined, 'ar;q=0.9,en;q=0.5')).toBe('ar');
    expect(homeLanguage('xx', 'sv')).toBe('sv');
  });
});
