import { randomBytes } from 'node:crypto';

/** 32 random bytes, base64url (43 characters): unguessable, and safe in a cookie as is. */
export const newSessionId = (): string => randomBytes(32).toString('base64url');

/** Rejects anything that could not be one of our ids before it reaches a store. */
export const looksLikeSessionId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
