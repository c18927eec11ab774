import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logFormat } from './ledger-logger';
import { type RequestLogLine, requestIdOf, requestLogging } from './request-id';

const request = (headers: Record<string, string> = {}, url = '/graphql?code=secret') =>
  ({ headers, method: 'POST', url, body: { operationName: 'Balance' } }) as unknown as IncomingMessage;

function response(): ServerResponse & { headers: Record<string, string> } {
  const res = new EventEmitter() as unknown as ServerResponse & { headers: Record<string, string> };
  res.headers = {};
  res.statusCode = 200;
  res.setHeader = ((name: string, value: string) => {
    res.headers[name] = value;
    return res;
  }) as never;
  return res;
}

describe('structured logs', () => {
  it('are JSON lines in production and readable text elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(logFormat({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({})).toBe('text');
    expect(logFormat({ LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'text' })).toBe('text');
    expect(() => logFormat({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it("keep the proxy's request id when it looks like one, and make a fresh one otherwise, once per request", () => {
    expect(requestIdOf(request({ 'x-request-id': '0f8e1c2d3b4a59687766554433221100' }))).toBe(
      '0f8e1c2d3b4a59687766554433221100',
    );
    const forged = request({ 'x-request-id': 'a\nb" injected' });
    const id = requestIdOf(forged);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(forged)).toBe(id);
  });

  it('write one line per answered request, with its id (also in X-Request-Id), status and operation, without the query string', () => {
    const lines: RequestLogLine[] = [];
    const req = request({ 'x-request-id': 'req-12345678' });
    const res = response();
    let passed = false;
    requestLogging((line) => lines.push(line))(req, res, () => (passed = true));
    expect(passed).toBe(true);
    expect(res.headers['X-Request-Id']).toBe('req-12345678');
    expect(lines).toHaveLength(0);
    res.statusCode = 429;
    res.emit('finish');
    expect(lines).toEqual([
      {
        requestId: 'req-12345678',
        method: 'POST',
        path: '/graphql',
        status: 429,
        durationMs: expect.any(Number),
        operation: 'Balance',
      },
    ]);
  });
});
