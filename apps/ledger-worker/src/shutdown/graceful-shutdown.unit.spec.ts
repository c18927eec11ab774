import { EventEmitter } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE } from '@ledger/event-store';
import { ReadModelProcessors } from '@ledger/read-models';
import { DailyRunScheduler } from '@ledger/worker';
import { installGracefulShutdown } from './graceful-shutdown';

/** A worker whose parts record the order they were stopped in. */
function fakeWorker(closeMs = 0) {
  const order: string[] = [];
  const processor = { name: 'licences', checkpoint: () => 42n };
  const parts = new Map<unknown, unknown>([
    [DailyRunScheduler, { stop: async () => void order.push('daily run') }],
    [
      ReadModelProcessors,
      { all: [processor], stop: async () => void order.push('processors (batch committed)') },
    ],
    [EVENT_STORE, { headPosition: async () => 50n }],
  ]);
  const app = {
    get: (token: unknown) => parts.get(token),
    // A close that never ends (closeMs = Infinity) stands for a store that hangs.
    close: () =>
      new Promise<void>(
        (resolve) =>
          Number.isFinite(closeMs) && setTimeout(() => (order.push('stores closed'), resolve()), closeMs),
      ),
  } as unknown as INestApplicationContext;
  return { app, order };
}

describe("the worker's graceful shutdown", () => {
  const signals = new EventEmitter();
  let uninstall: () => void = () => undefined;
  beforeEach(() => {
    jest
      .spyOn(process, 'on')
      .mockImplementation(((signal: string, listener: (s: string) => void) =>
        signals.on(signal, listener)) as never);
    jest
      .spyOn(process, 'off')
      .mockImplementation(((signal: string, listener: (s: string) => void) =>
        signals.off(signal, listener)) as never);
  });
  afterEach(() => {
    uninstall();
    jest.restoreAllMocks();
  });
  const quiet = () => {
    const lines: string[] = [];
    return {
      lines,
      log: (m: string) => void lines.push(m),
      warn: (m: string) => void lines.push(m),
      error: (m: string) => void lines.push(m),
    };
  };

  it('on SIGTERM stops the daily run, then the processors after their batch, then closes the stores, and exits 0', async () => {
    const { app, order } = fakeWorker();
    const logger = quiet();
    const exited = new Promise<number>(
      (resolve) => (uninstall = installGracefulShutdown(app, { logger, exit: resolve, graceMs: 1000 })),
    );
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(0);
    expect(order).toEqual(['daily run', 'processors (batch committed)', 'stores closed']);
    expect(logger.lines.at(-1)).toMatch(/stopped in \d+ ms: licences at 42 \(head of the log: 50\)/);
  });

  it('a second signal, or a shutdown longer than the grace period, exits 1 at once', async () => {
    const slow = fakeWorker(Infinity);
    const exits: number[] = [];
    uninstall = installGracefulShutdown(slow.app, {
      logger: quiet(),
      exit: (code) => void exits.push(code),
      graceMs: 50,
    });
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(exits).toEqual([1, 1]);
  });
});
