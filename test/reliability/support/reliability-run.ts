import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The reliability suites run short in the default `npm test`, and long (200 worker kills, large
 * fuzz runs) with RELIABILITY_LONG=1. Every random choice comes from RELIABILITY_SEED (printed with
 * the figures), so a failure can be replayed exactly.
 */
export const LONG = process.env.RELIABILITY_LONG === '1';

export const short = <T>(shortValue: T, longValue: T): T => (LONG ? longValue : shortValue);

export const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 2_147_483_647);

/** Where each suite leaves its figures as JSON (RELIABILITY.md quotes them). */
export const FIGURES_DIR =
  process.env.RELIABILITY_FIGURES_DIR ?? join(tmpdir(), 'ledger-reliability-figures');

/** Records a suite's figures: a JSON file per suite, and one line on the console. */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const entry = { suite, long: LONG, seed: SEED, at: new Date().toISOString(), ...figures };
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${suite}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  process.stdout.write(`[reliability] ${JSON.stringify(entry)}\n`);
}

/** A small, fast, seedable generator (mulberry32): the same seed, the same run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  pollMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}
