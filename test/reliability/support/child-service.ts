import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
const REGISTER = join(__dirname, 'swc-register.js');

/** The real entry points, run from their TypeScript sources in a plain `node` child process. */
export const WORKER_ENTRY = join(REPO_ROOT, 'apps/ledger-worker/src/main.ts');
export const API_ENTRY = join(REPO_ROOT, 'apps/ledger-api/src/main.ts');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One service process (the worker, the API) as production runs it: its own OS process, its own
 * SQLite connections, configured by environment only; killed for real (SIGKILL: no handler, no
 * flush, no finally) or stopped as an orchestrator would (SIGTERM).
 */
export class ChildService {
  readonly process: ChildProcess;
  readonly exited: Promise<Exit>;
  readonly startedAt = Date.now();
  private output = '';

  private constructor(entry: string, env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, ['-r', REGISTER, entry], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-200_000);
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static start(entry: string, env: NodeJS.ProcessEnv): ChildService {
    return new ChildService(entry, env);
  }

  get pid(): number {
    return this.process.pid!;
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resolves once the output shows `pattern`; rejects if the process exits first or after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (!this.running)
        throw new Error(`the process exited before printing ${pattern}:\n${this.output.slice(-4000)}`);
      if (Date.now() > deadline)
        throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals, timeoutMs = 30_000): Promise<Exit> {
    if (this.running) this.process.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.process.kill('SIGKILL');
        reject(
          new Error(
            `the process did not exit within ${timeoutMs} ms of ${signal}:\n${this.output.slice(-4000)}`,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
