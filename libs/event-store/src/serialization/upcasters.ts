import { UpcastError } from '../errors';

/**
 * Upcast-on-read (CONVENTIONS 9): stored events keep the data shape they were written with, and
 * readers only ever see the current shape. One upcaster lifts one event type by one schema version.
 *
 * Where domain upcasters go (the hook point): build one registry next to the domain events and
 * inject it into the store, e.g.
 *
 *   export const ledgerUpcasters = new UpcasterRegistry({
 *     InfractionEstablished: [
 *       // v1 had a single `date`; v2 tells the offence date from the conviction date.
 *       { fromVersion: 1, upcast: (v1: V1) => ({ ...v1, offenceDate: v1.date, convictionDate: v1.date }) },
 *     ],
 *   });
 *   new SqliteEventStore(file, { upcasters: ledgerUpcasters });
 *
 * and prove it against the golden files of test/fixtures/events/.
 */
// Method syntax (not a function property) keeps `upcast` bivariant, so a typed step such as
// `(v1: V1) => V2` fits the untyped chains of the registry.
export interface Upcaster<From = unknown, To = unknown> {
  /** The schema version this step reads; it returns the data of version `fromVersion + 1`. */
  readonly fromVersion: number;
  upcast(data: From): To;
}

export interface VersionedData {
  schemaVersion: number;
  data: unknown;
}

export type UpcasterDefinitions = Readonly<Record<string, readonly Upcaster[]>>;

const isSchemaVersion = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1;

export class UpcasterRegistry {
  private readonly chains = new Map<string, Upcaster[]>();

  constructor(definitions: UpcasterDefinitions = {}) {
    for (const [type, upcasters] of Object.entries(definitions)) {
      for (const upcaster of [...upcasters].sort((a, b) => a.fromVersion - b.fromVersion)) {
        this.register(type, upcaster);
      }
    }
  }

  /** Adds the next step of `type`'s chain; steps must follow each other without gap or repeat. */
  register<From, To>(type: string, upcaster: Upcaster<From, To>): this {
    if (!isSchemaVersion(upcaster.fromVersion)) {
      throw new TypeError(
        `Upcaster of ${type}: fromVersion must be an integer >= 1, got ${upcaster.fromVersion}.`,
      );
    }
    const chain = this.chains.get(type) ?? [];
    const expected = chain.length === 0 ? upcaster.fromVersion : chain[chain.length - 1].fromVersion + 1;
    if (upcaster.fromVersion !== expected) {
      // A gap would leave events of the missing version impossible to read; a repeat is ambiguous.
      throw new TypeError(
        `Upcaster of ${type}: expected fromVersion ${expected}, got ${upcaster.fromVersion}.`,
      );
    }
    chain.push(upcaster);
    this.chains.set(type, chain);
    return this;
  }

  /** The version readers see for `type`, or undefined when the type was never upcast. */
  currentVersion(type: string): number | undefined {
    const chain = this.chains.get(type);
    return chain && chain[chain.length - 1].fromVersion + 1;
  }

  /** Types that have at least one upcaster. */
  types(): string[] {
    return [...this.chains.keys()];
  }

  /**
   * Brings stored data up to the current version. Data at or above the current version passes
   * through unchanged: a version newer than this code knows comes from a newer deployment, and
   * there is nothing to downcast it with.
   */
  upcast(type: string, schemaVersion: number, data: unknown): VersionedData {
    if (!isSchemaVersion(schemaVersion)) {
      throw new UpcastError(`Event ${type} has no valid schemaVersion (got ${String(schemaVersion)}).`);
    }
    const chain = this.chains.get(type);
    if (!chain) return { schemaVersion, data };
    const first = chain[0].fromVersion;
    if (schemaVersion < first) {
      throw new UpcastError(
        `Event ${type} v${schemaVersion} is older than any upcaster (the first reads v${first}).`,
      );
    }
    let current = { schemaVersion, data };
    for (const step of chain.slice(schemaVersion - first)) {
      try {
        current = { schemaVersion: step.fromVersion + 1, data: step.upcast(current.data) };
      } catch (cause) {
        throw new UpcastError(`Upcasting ${type} from v${step.fromVersion} failed.`, { cause });
      }
    }
    return current;
  }
}
