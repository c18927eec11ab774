import type { Request, Response } from 'express';
import type { Caller } from '@ledger/auth';

/** What every resolver knows of the request: who is calling, resolved once per request. */
export interface GraphqlContext {
  req: Request;
  res: Response;
  caller: Caller;
  /**
   * The request's id (X-Request-Id, in its log line): the correlationId of the events it causes.
   */
  requestId: string;
}
