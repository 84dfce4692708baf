import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#config';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 4321, TZ_HUB: 'Europe/Helsinki', SEED_DEMO: true, TRUST_PROXY: false, secure: false });
    expect(config.publicUrl).toBe('http://localhost:4321');
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must start with postgres/],
    [{ PUBLIC_URL: 'ftp://x' }, /^Invalid configuration: PUBLIC_URL /],
    [{ TZ_HUB: 'Mars/Olympus' }, /^Invalid configuration: TZ_HUB is not a known IANA time zone/],
    [{ SEED_DEMO: 'maybe' }, /^Invalid configuration: SEED_DEMO /],
    [
      { DKIM_DOMAIN: 'example.fi', DKIM_SELECTOR: 'tori' },
      /^Invalid configuration: DKIM_PRIVATE_KEY missing \(DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together\)$/,
    ],
    [
      {
        DKIM_DOMAIN: 'example.fi',
        DKIM_SELECTOR: 'tori',
        DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nnot a key\\n-----END PRIVATE KEY-----',
      },
      /^Invalid configuration: DKIM_PRIVATE_KEY is not a readable PEM private key$/,
    ],
    [
      { DKIM_DOMAIN: 'not a domain', DKIM_SELECTOR: 'tori', DKIM_PRIVATE_KEY: 'x' },
      /^Invalid configuration: DKIM_DOMAIN must be a domain name/,
    ],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
    try {
      parseConfig(env);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('marks https deployments secure', () => {
    const config = parseConfig({ PUBLIC_URL: 'https://tori.example.fi/' });
    expect(config.secure).toBe(true);
    expect(config.publicUrl).toBe('https://tori.example.fi');
  });
});
