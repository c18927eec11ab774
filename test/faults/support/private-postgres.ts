import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';

const run = promisify(execFile);

/**
 * A PostgreSQL server of its own for a fault test: initdb in a temporary directory, on a free port
 * of the loopback, started, restarted and stopped with pg_ctl. A real restart of a real server, yet
 * no other test (they run in parallel on TEST_DATABASE_URL's server) loses its connections.
 *
 * Needs the server binaries (initdb, pg_ctl: those of TEST_DATABASE_URL's server on these
 * machines); as root, it runs them as the `postgres` user (the server refuses to run as root).
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asUser: string | undefined,
  ) {}

  /** The server binaries' directory, or null when this machine has none (the caller then falls back). */
  static binaries(): string | null {
    const candidates = [
      process.env.PG_BIN,
      ...(existsSync('/usr/lib/postgresql')
        ? readdirSync('/usr/lib/postgresql')
            .filter((version) => /^\d+$/.test(version))
            .sort((a, b) => Number(b) - Number(a))
            .map((version) => `/usr/lib/postgresql/${version}/bin`)
        : []),
    ].filter((dir): dir is string => !!dir);
    const found = candidates.find(
      (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
    );
    if (!found) return null;
    if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
      return null;
    return found;
  }

  static async start(bin: string): Promise<PrivatePostgres> {
    const root = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
    if (root) chownSync(dir, ...(await postgresIds()));
    const server = new PrivatePostgres(bin, dir, await freePort(), root ? 'postgres' : undefined);
    await server.exec('initdb', [
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await server.startAgain();
    return server;
  }

  /** A URL of this server, on `database`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** pg_ctl restart -m fast: every connection is closed, the server is back when this resolves. */
  restart(): Promise<void> {
    // -l: a server started without a log file keeps our stdout pipe open, and this would never resolve.
    return this.pgCtl('restart', '-m', 'fast', '-l', join(this.dir, 'server.log'));
  }

  /** pg_ctl stop -m immediate: as a crash (recovery on the next start); connections refused meanwhile. */
  crash(): Promise<void> {
    return this.pgCtl('stop', '-m', 'immediate');
  }

  startAgain(): Promise<void> {
    // fsync off: the files survive a server stop (the OS keeps them), and the test runs faster.
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c full_page_writes=off`;
    return this.pgCtl('start', '-o', options, '-l', join(this.dir, 'server.log'));
  }

  async remove(): Promise<void> {
    await this.pgCtl('stop', '-m', 'immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(command: string, ...options: string[]): Promise<void> {
    return this.exec('pg_ctl', [command, '-D', join(this.dir, 'data'), '-w', '-t', '60', ...options]);
  }

  private async exec(program: string, args: string[]): Promise<void> {
    const path = join(this.bin, program);
    const [file, argv] = this.asUser ? ['runuser', ['-u', this.asUser, '--', path, ...args]] : [path, args];
    await run(file, argv, { cwd: this.dir, timeout: 120_000 });
  }
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}

/** A free TCP port on the loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
