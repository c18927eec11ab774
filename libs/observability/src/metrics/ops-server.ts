import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route of the operations port: its answer's status and JSON or text body. */
export type OpsRoute = () => Promise<{ status: number; contentType: string; body: string }>;

export interface OpsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP server for operators only (/metrics, and the worker's health): on a port of its own,
 * which the reverse proxy does not forward, so that nothing of it is served to the internet. GET
 * only; anything else is a 404. A route that throws answers 500 without detail.
 */
export async function startOpsServer(
  routes: Readonly<Record<string, OpsRoute>>,
  { port, host }: { port: number; host: string },
): Promise<OpsServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://ops.invalid').pathname;
    const route = req.method === 'GET' || req.method === 'HEAD' ? routes[path] : undefined;
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    route().then(
      ({ status, contentType, body }) =>
        res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** OPS port setting: a whole number from 0 (any free port) to 65535. */
export function portSetting(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65_535) {
    throw new Error(`${variable} must be a port number from 0 to 65535 (got ${JSON.stringify(raw)}).`);
  }
  return Number(raw);
}
