import { describe, expect, it } from 'vitest';
import { openingState, parseExceptions, spanOn, wallTime } from '#features/hubs/opening-hours.ts';
import { hubPageFromForm } from '#features/hubs/schema.ts';

// "Open now" is computed at an injected instant in the hub's zone, whatever zone the process
// runs in (the tests run with TZ=Asia/Kathmandu).
const HELSINKI = 'Europe/Helsinki';
// Monday to Friday 09:00–17:00, Saturday 10:00–14:00, Sunday closed.
const week = {
  '1': { opens: '09:00', closes: '17:00' },
  '2': { opens: '09:00', closes: '17:00' },
  '3': { opens: '09:00', closes: '17:00' },
  '4': { opens: '09:00', closes: '17:00' },
  '5': { opens: '09:00', closes: '17:00' },
  '6': { opens: '10:00', closes: '14:00' },
};
const at = (iso: string) => new Date(iso);

describe('open now, in the hub’s time zone', () => {
  it('is open inside a span and says when it closes', () => {
    // Thursday 2026-12-03 12:00 in Helsinki (UTC+2).
    const state = openingState(week, [], HELSINKI, at('2026-12-03T10:00:00Z'));
    expect(state).toEqual({ kind: 'open', closesAt: at('2026-12-03T15:00:00Z') });
  });

  it('is closed before opening and opens later today', () => {
    expect(openingState(week, [], HELSINKI, at('2026-12-03T06:30:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-12-03T07:00:00Z'),
      opensDay: 'today',
    });
  });

  it('closes exactly at the closing time', () => {
    expect(openingState(week, [], HELSINKI, at('2026-12-03T14:59:59Z')).kind).toBe('open');
    expect(openingState(week, [], HELSINKI, at('2026-12-03T15:00:00Z'))).toMatchObject({ kind: 'closed', opensDay: 'tomorrow' });
  });

  it('crosses the day boundary by the hub’s midnight, not UTC’s or the server’s', () => {
    // Friday 23:30 in Helsinki is Friday 21:30 UTC and Saturday 03:15 in Kathmandu.
    expect(openingState(week, [], HELSINKI, at('2026-12-04T21:30:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-12-05T08:00:00Z'),
      opensDay: 'tomorrow',
    });
    // Saturday 00:30 in Helsinki (still Friday in UTC): Saturday opens at 10 today.
    expect(openingState(week, [], HELSINKI, at('2026-12-04T22:30:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-12-05T08:00:00Z'),
      opensDay: 'today',
    });
    // Saturday after closing: Sunday is closed, so Monday 09:00.
    expect(openingState(week, [], HELSINKI, at('2026-12-05T13:00:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-12-07T07:00:00Z'),
      opensDay: 'later',
    });
  });

  it('keeps 09:00 at 09:00 across the spring and autumn clock changes in Helsinki', () => {
    // 2026-03-29 clocks go from 03:00 to 04:00 (UTC+2 → UTC+3): Sunday, so use a Sunday span.
    const sundays = { '7': { opens: '09:00', closes: '17:00' } };
    // Saturday 2026-03-28 06:30 UTC = 08:30 EET: closed, opens tomorrow at 09:00 EEST = 06:00 UTC.
    expect(openingState(sundays, [], HELSINKI, at('2026-03-28T06:30:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-03-29T06:00:00Z'),
      opensDay: 'tomorrow',
    });
    // The same UTC time a day later is 09:30 summer time: open until 17:00 EEST = 14:00 UTC.
    expect(openingState(sundays, [], HELSINKI, at('2026-03-29T06:30:00Z'))).toEqual({ kind: 'open', closesAt: at('2026-03-29T14:00:00Z') });
    // 2026-10-25 back from UTC+3 to UTC+2: 06:30 UTC is 08:30 local, not yet open.
    expect(openingState(sundays, [], HELSINKI, at('2026-10-25T06:30:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-10-25T07:00:00Z'),
      opensDay: 'today',
    });
  });

  it('runs a span past midnight', () => {
    const late = { '5': { opens: '18:00', closes: '02:00' } };
    // Saturday 01:00 in Helsinki: Friday's span still runs until 02:00.
    expect(openingState(late, [], HELSINKI, at('2026-12-04T23:00:00Z'))).toEqual({ kind: 'open', closesAt: at('2026-12-05T00:00:00Z') });
  });

  it('follows the exceptions: a holiday closed, a short day', () => {
    const exceptions = [{ day: '2026-12-24' }, { day: '2026-12-23', span: { opens: '10:00', closes: '12:00' } }];
    // Wednesday 2026-12-23 09:30: the short day opens at 10.
    expect(openingState(week, exceptions, HELSINKI, at('2026-12-23T07:30:00Z'))).toMatchObject({ kind: 'closed', opensDay: 'today' });
    expect(openingState(week, exceptions, HELSINKI, at('2026-12-23T10:30:00Z'))).toMatchObject({ kind: 'closed', opensDay: 'later' });
    // Christmas Eve (Thursday) closed: opens Friday.
    expect(openingState(week, exceptions, HELSINKI, at('2026-12-24T10:00:00Z'))).toEqual({
      kind: 'closed',
      opensAt: at('2026-12-25T07:00:00Z'),
      opensDay: 'tomorrow',
    });
    expect(spanOn('2026-12-24', week, exceptions)).toBeNull();
  });

  it('says nothing when no hours are set, and "closed" when nothing opens within two weeks', () => {
    expect(openingState({}, [], HELSINKI, at('2026-12-03T10:00:00Z'))).toEqual({ kind: 'unknown' });
    const allClosed = Array.from({ length: 20 }, (_, i) => ({ day: `2026-12-${String(i + 3).padStart(2, '0')}` }));
    expect(openingState(week, allClosed, HELSINKI, at('2026-12-03T10:00:00Z'))).toEqual({ kind: 'closed', opensAt: null, opensDay: null });
  });
});

describe('the coordinator’s hours form', () => {
  it('reads times and exception lines, and refuses what it cannot read', () => {
    expect(wallTime('9.00')).toBe('09:00');
    expect(wallTime('24:00')).toBeNull();
    expect(parseExceptions('2026-12-31 10:00-14:00\n\n2026-12-24\n')).toEqual({
      ok: true,
      exceptions: [{ day: '2026-12-24' }, { day: '2026-12-31', span: { opens: '10:00', closes: '14:00' } }],
    });
    expect(parseExceptions('2026-12-24\n2027-02-30')).toEqual({ ok: false, line: 2 });
    expect(parseExceptions('jouluaatto')).toEqual({ ok: false, line: 1 });
  });

  it('keeps a day with both times, and names the days with one', () => {
    const form = new FormData();
    form.set('opens_1', '09:00');
    form.set('closes_1', '17:00');
    form.set('opens_2', '09:00');
    form.set('phone', '+358 40 123 4567');
    const parsed = hubPageFromForm(form);
    expect(parsed).toMatchObject({ ok: false, badWeekdays: ['2'] });
    form.delete('opens_2');
    form.set('about_fi', 'Olohuone kaikille');
    form.set('sourceLang', 'fi');
    expect(hubPageFromForm(form)).toMatchObject({
      ok: true,
      settings: { openingHours: { '1': { opens: '09:00', closes: '17:00' } }, about: { fi: 'Olohuone kaikille' } },
    });
    form.set('phone', 'soita minulle');
    expect(hubPageFromForm(form)).toMatchObject({ ok: false });
  });
});
