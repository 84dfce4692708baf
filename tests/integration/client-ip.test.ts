import { describe, expect, it } from 'vitest';
import { forwardedClient } from '#features/http/client-ip.ts';

describe('the visitor address behind proxies', () => {
  it('is the TRUST_PROXY_HOPS-th X-Forwarded-For entry from the right; client-written entries do not count', () => {
    expect(forwardedClient('203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('6.6.6.6, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(forwardedClient(' 203.0.113.9 ,', 1)).toBe('203.0.113.9');
    expect(forwardedClient('203.0.113.9', 3)).toBe('203.0.113.9');
    expect(forwardedClient('', 1)).toBeUndefined();
    expect(forwardedClient(null, 1)).toBeUndefined();
  });
});
