import { loadEsm } from './load-esm';

// Types come from the packages' declarations at compile time; the code is loaded on first use, so a
// process that never logs anyone in never loads openid-client.
export type OpenIdClient = typeof import('openid-client');
export type Jose = typeof import('jose');

export const loadOpenIdClient = (): Promise<OpenIdClient> => loadEsm<OpenIdClient>('openid-client');
export const loadJose = (): Promise<Jose> => loadEsm<Jose>('jose');
