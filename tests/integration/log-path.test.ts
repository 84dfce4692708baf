import { describe, expect, it } from 'vitest';
import { logPath } from '#features/http/log-path.ts';
import { newToken } from '#lib/tokens.ts';
import { secretsInLog } from '../setup/log-scan.ts';

const token = newToken();
const encoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

describe('logPath', () => {
  it('redacts tokens in every route and spelling', () => {
    const cases: Array<[string, string]> = [
      [`/api/v1/signups/${token}/cancel`, '/api/v1/signups/:token/cancel'],
      [`/en/signup/${token}`, '/en/signup/:token'],
      [`/en/signup/${token}?reminders=off`, '/en/signup/:token'],
      // The short manage address of text messages (decision 021).
      [`/m/${token}`, '/m/:token'],
      [`/M/${token}?sms=off`, '/m/:token'],
      // A helper's own link and certificate, and a feedback link (decisions 031 and 027), even cut short.
      [`/en/helper/${token}`, '/en/helper/:token'],
      [`/ar/helper/${token.slice(0, 8)}`, '/ar/helper/:token'],
      [`/fi/helper/${token}/certificate.pdf`, '/fi/helper/:token/certificate.pdf'],
      [`/en/feedback/${token.slice(0, 8)}`, '/en/feedback/:token'],
      [`/f/${token.slice(0, 8)}`, '/f/:token'],
      [`//en/signup/${token}`, '/en/signup/:token'],
      [`/en//signup/${token}`, '/en/signup/:token'],
      [`/en/%73ignup/${token}`, '/en/signup/:token'],
      [`/en/%2573ignup/${token}`, '/en/signup/:token'],
      [`/en/signup/${encoded}`, '/en/signup/:token'],
      [`/en/signup%2F${token}`, '/en/signup/:token'],
      [`/EN/SIGNUP/${token.toUpperCase()}`, '/EN/signup/:token'],
      [`/en/signup./${token}.`, '/en/signup/:token'],
      [`/en/signup/${token}/`, '/en/signup/:token/'],
      [`/fi/login/link/${token}`, '/fi/login/link/:token'],
      // A helper's own link and its certificate (decision 031); a feedback link and its short form (decision 027).
      [`/fi/helper/${token}`, '/fi/helper/:token'],
      [`/FI/HELPER/${token.toUpperCase()}`, '/FI/helper/:token'],
      [`/fi/helper/${token}/certificate.pdf`, '/fi/helper/:token/certificate.pdf'],
      [`/ar/feedback/${token}?score=5`, '/ar/feedback/:token'],
      [`/F/${token.toUpperCase()}`, '/f/:token'],
      // A helper's short link in text messages.
      [`/h/${token}`, '/h/:token'],
      [`/H/${token.slice(0, 8)}`, '/h/:token'],
      [`/feeds/${token}.ics`, '/feeds/:token.ics'],
      [`/feeds/${token}.ics.`, '/feeds/:token.ics'],
      [`\\en\\signup\\${token}`, '/en/signup/:token'],
      [`/en/whatever/${token}`, '/en/whatever/:token'],
      [`/en/x/tori_${token}`, '/en/x/:token'],
      ['/en/x/someone@example.org', '/en/x/:token'],
      ['/en/x/+358401234567', '/en/x/:token'],
      [`/en/x/${'ab12'.repeat(16)}`, '/en/x/:token'],
      [`/en/x/${'abcdefghijklmnopqrstuvwx'}`, '/en/x/:token'],
    ];
    for (const [path, expected] of cases) expect(logPath(path), path).toBe(expected);
  });

  it('keeps ordinary paths readable', () => {
    for (const path of [
      '/',
      '/fi/events',
      '/en/events/lukupiiri-2031-03-12',
      '/api/v1/events/2f1c1f0e-8f6a-4c1e-9a57-0d3c2b1a4e5f/attendees.csv',
      '/calendar.ics',
      '/fi/manage/admin/outbox',
      '/en/calendar/2031-03-12',
    ]) {
      expect(logPath(path)).toBe(path);
    }
    expect(logPath('/fi/events?q=someone@example.org')).toBe('/fi/events');
  });

  it('the log scanner finds what slipped through', () => {
    // Tokens without a digit (about one in a hundred) are found too.
    for (let i = 0; i < 20; i++) expect(secretsInLog(`{"path":"/en/signup/${newToken().replace(/\d/g, 'x')}"}`)).not.toEqual([]);
    // A long slug (lower case, digits only after a dash) is no token.
    expect(secretsInLog('{"path":"/en/events/kototori-cafe-weekly-2026-12-03"}')).toEqual([]);
    expect(secretsInLog(`{"path":"/en/signup/${token}"}`)).not.toEqual([]);
    expect(secretsInLog('{"msg":"to a@b.fi"}')).not.toEqual([]);
    expect(secretsInLog('{"msg":"+358 40 123 4567"}')).not.toEqual([]);
    expect(secretsInLog(`{"path":"${logPath(`/en/signup/${token}`)}"}`, [token])).toEqual([]);
  });
});
