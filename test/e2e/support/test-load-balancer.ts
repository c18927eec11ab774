import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The reverse proxy in front of several API instances, reduced to what a test needs: every request
 * goes to the instance the test chose (`routeTo`), as a load balancer without sticky sessions may
 * send any request anywhere. Headers and bodies pass as they are; an instance that is down answers
 * 502, as nginx would.
 */
export class TestLoadBalancer {
  private target: string | undefined;
  readonly routed: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(port = 0): Promise<TestLoadBalancer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const balancer = new TestLoadBalancer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => balancer.forward(req, res));
    return balancer;
  }

  /** Where the next requests go: an instance's base URL. */
  routeTo(instanceUrl: string): void {
    this.target = instanceUrl;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(req.url ?? '/', this.target);
    this.routed.push(`${target.origin} ${req.method} ${target.pathname}`);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: new URL(this.url).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway\n');
    });
    req.pipe(upstream);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
