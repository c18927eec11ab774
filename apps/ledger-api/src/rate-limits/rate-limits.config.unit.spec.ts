import { DEFAULT_RATE_LIMITS, loadRateLimits, trustProxySetting } from './rate-limits.config';

describe('the rate limits in force', () => {
  it('are the documented defaults when nothing is set: 60 per holder session, 600 per staff subject, 120 per address, 30 logins per address, per minute', () => {
    expect(loadRateLimits({})).toEqual(DEFAULT_RATE_LIMITS);
    expect(DEFAULT_RATE_LIMITS).toEqual({
      holder: { limit: 60, windowSeconds: 60 },
      staff: { limit: 600, windowSeconds: 60 },
      anonymous: { limit: 120, windowSeconds: 60 },
      login: { limit: 30, windowSeconds: 60 },
    });
  });

  it('each can be raised or lowered by its variable, and the window applies to all', () => {
    const limits = loadRateLimits({
      RATE_LIMIT_STAFF: '100000',
      RATE_LIMIT_LOGIN: '5',
      RATE_LIMIT_WINDOW_SECONDS: '10',
    });
    expect(limits.staff).toEqual({ limit: 100_000, windowSeconds: 10 });
    expect(limits.login).toEqual({ limit: 5, windowSeconds: 10 });
    expect(limits.holder).toEqual({ limit: 60, windowSeconds: 10 });
  });

  it.each(['0', '-1', '1.5', 'ten', '1e3', '99999999'])(
    'a limit of %j stops the start-up with the variable named',
    (value) => {
      expect(() => loadRateLimits({ RATE_LIMIT_HOLDER: value })).toThrow(/RATE_LIMIT_HOLDER/);
    },
  );

  it('TRUST_PROXY is a hop count, true/false, or a list of addresses for Express', () => {
    expect(trustProxySetting({})).toBeUndefined();
    expect(trustProxySetting({ TRUST_PROXY: '1' })).toBe(1);
    expect(trustProxySetting({ TRUST_PROXY: 'true' })).toBe(true);
    expect(trustProxySetting({ TRUST_PROXY: 'loopback, 10.0.0.0/8' })).toBe('loopback, 10.0.0.0/8');
  });
});
