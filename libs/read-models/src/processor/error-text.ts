// Not `instanceof Error`: errors thrown by native code (the SQLite driver) may come from another
// realm, and the pg driver's errors are plain objects at times.
export const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);

export const stackOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'stack' in error ? String(error.stack) : undefined;
