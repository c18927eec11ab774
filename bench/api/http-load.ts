import { Agent, request } from 'node:http';
import { now } from '../support/bench-context';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  perSecond: number;
  /** Milliseconds, one per request. */
  latencies: number[];
}

/**
 * A closed-loop load over the loopback: `concurrency` clients on kept-alive connections, each
 * sending its next request when the previous answer is in, `requests` in all. Every answer must be
 * a 200 holding `expect`, or the run fails: a benchmark of refusals measures nothing.
 */
export async function runLoad(
  calls: (index: number) => HttpCall,
  { requests, concurrency, expect }: { requests: number; concurrency: number; expect: string },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let issued = 0;
  const started = now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (issued < requests) {
          const call = calls(issued++);
          const sent = now();
          const { status, body } = await send(agent, call);
          latencies.push(now() - sent);
          if (status !== 200 || !body.includes(expect)) {
            throw new Error(`${call.method} ${call.url} answered ${status}: ${body.slice(0, 300)}`);
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { perSecond: (requests * 1000) / (now() - started), latencies };
}

function send(agent: Agent, call: HttpCall): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(call.url, { method: call.method, agent, headers: call.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(call.body);
  });
}
