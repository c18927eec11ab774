import type { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isAuthError, type Caller, type CallerResolver } from '@ledger/auth';

/** A PDF for the caller only: never cached by a shared cache, never sniffed as something else. */
export function sendPdf(
  res: Response,
  pdf: Buffer,
  filename: string,
  disposition: 'inline' | 'attachment' = 'inline',
): void {
  res
    .status(200)
    .set({
      'content-type': 'application/pdf',
      'content-disposition': `${disposition}; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    })
    .send(pdf);
}

/** A refusal as JSON: its HTTP status, its code and its message. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).set({ 'cache-control': 'no-store' }).json({ statusCode: status, code, message });
}

/**
 * The caller of a PDF route, or null once a 401 was sent: a bearer token presented and refused is
 * said so (an absent one is an anonymous caller, answered by the route's identical 404).
 */
export async function callerOr401(
  callers: CallerResolver,
  logger: Logger,
  req: Request,
  res: Response,
): Promise<Caller | null> {
  try {
    return await callers.resolve(req);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    logger.debug(`Refused credentials on ${req.path}: ${error.message}`);
    sendError(res, 401, 'UNAUTHENTICATED', error.message);
    return null;
  }
}
