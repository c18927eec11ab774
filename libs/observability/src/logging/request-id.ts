import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header that carries the request id, both ways. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A proxy's id (nginx's $request_id, a UUID…) is kept when it is one we could have made. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

const REQUEST_ID = Symbol.for('ledger.request-id');
type WithRequestId = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The request's id: the one the reverse proxy sent when it looks like an id, a fresh UUID
 * otherwise. Set once per request and returned in X-Request-Id; the resolvers put it in the
 * `correlationId` of every event the request causes, so a line of the log leads to its events.
 */
export function requestIdOf(req: IncomingMessage): string {
  const carrier = req as WithRequestId;
  if (carrier[REQUEST_ID] === undefined) {
    const given = req.headers[REQUEST_ID_HEADER.toLowerCase()];
    carrier[REQUEST_ID] = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  }
  return carrier[REQUEST_ID];
}

export interface RequestLogLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The GraphQL operation's name, when the request was one. */
  operation?: string;
}

/**
 * Express middleware: gives the request its id (X-Request-Id on the answer) and writes one line
 * when the answer is sent. The path without its query: a query string may carry a code or a state.
 */
export function requestLogging(log: (line: RequestLogLine) => void) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once('finish', () => {
      const body = (req as IncomingMessage & { body?: { operationName?: unknown } }).body;
      const operation = typeof body?.operationName === 'string' ? body.operationName : undefined;
      log({
        requestId,
        method: req.method ?? '',
        path: ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split(
          '?',
        )[0],
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ...(operation ? { operation } : {}),
      });
    });
    next();
  };
}
