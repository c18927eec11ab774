import type { StoredLicence } from './licence-presenter';
import { ReadModelLaggingError } from './read-model-lagging.error';

/** How long a clerk's answer waits for the read model to show their own write. */
export const READ_YOUR_WRITE_TIMEOUT_MS = 5_000;

/**
 * What the API needs of the read model: a licence by its canonical number, and a way to wait until
 * the projection has applied a position (a clerk reads their own write).
 */
export abstract class LicenceReader {
  abstract findLicence(canonicalNumber: string): Promise<StoredLicence | null>;
  abstract waitForPosition(position: bigint, timeoutMs: number): Promise<void>;

  /**
   * Waits for the read model to show a command already appended at `position`. However the wait
   * fails (too slow, the read-model database unreachable), the command is recorded: the answer says
   * so (READ_MODEL.LAGGING with its position), never an internal error.
   */
  async waitForOwnWrite(position: bigint, timeoutMs = READ_YOUR_WRITE_TIMEOUT_MS): Promise<void> {
    try {
      await this.waitForPosition(position, timeoutMs);
    } catch (cause) {
      throw new ReadModelLaggingError(position.toString(), { cause });
    }
  }
}
