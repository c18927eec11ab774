import type { StoredLicence } from './licence-presenter';

/**
 * What the API needs of the read model: a licence by its canonical number, and a way to wait until
 * the projection has applied a position (a clerk reads their own write).
 */
export abstract class LicenceReader {
  abstract findLicence(canonicalNumber: string): Promise<StoredLicence | null>;
  abstract waitForPosition(position: bigint, timeoutMs: number): Promise<void>;
}
