import type { Server } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export interface DrainReport {
  /** True when every request in flight finished within the grace period. */
  drained: boolean;
  /** Requests still running when the grace period ended (0 when drained). */
  abandoned: number;
  elapsedMs: number;
}

/** Paths still served while draining: the orchestrator reads readiness (now 503) and liveness. */
const SERVED_WHILE_DRAINING = /^\/health(\/|$|\?)/;

/**
 * The first step of a graceful shutdown (issue 6, item 5): stop taking requests, let those in flight
 * finish, and only then let Nest stop the worker and close the stores.
 *
 * Nest's own `app.close()` runs the modules' destroy hooks (the worker's processors stop there)
 * before it closes the HTTP server, so a clerk's command in flight would be appended but then wait in
 * vain for the read model to show it. Draining first keeps the whole service up until the last
 * answer is sent. While draining, readiness answers 503 and any new request on a kept-alive
 * connection gets 503 with `Connection: close` (retry elsewhere): never a cut-off answer.
 */
@Injectable()
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private readonly idle = new Set<() => void>();

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Express middleware, installed before every route (start-api.ts). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.draining && !SERVED_WHILE_DRAINING.test(req.originalUrl ?? req.url ?? '')) {
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '1');
      res.status(503).json({
        errors: [
          {
            message: 'The service is restarting: send the request again.',
            extensions: { code: 'SHUTTING_DOWN' },
          },
        ],
      });
      return;
    }
    this.inFlight += 1;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of [...this.idle]) wake();
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };

  /**
   * Stops accepting connections and waits (at most `graceMs`) for the requests in flight. Idle
   * kept-alive connections are closed at once, the others as soon as their answer is sent.
   */
  async drain(server: Server | undefined, graceMs: number): Promise<DrainReport> {
    const started = Date.now();
    this.draining = true;
    if (server?.listening) server.close();
    server?.closeIdleConnections?.();
    const drained = await this.whenIdle(graceMs);
    server?.closeIdleConnections?.();
    return { drained, abandoned: this.inFlight, elapsedMs: Date.now() - started };
  }

  private whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.idle.delete(wake);
        resolve(result);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idle.add(wake);
    });
  }
}

/** How long a shutdown waits for requests in flight: SHUTDOWN_GRACE_MS, default 10 s. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return 10_000;
  if (!/^\d+$/.test(raw))
    throw new Error(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds (got ${JSON.stringify(raw)}).`);
  return Number(raw);
}
