import type { Response } from 'express';

/** A PDF for the caller only: never cached by a shared cache, never sniffed as something else. */
export function sendPdf(res: Response, pdf: Buffer, filename: string, disposition: 'inline' | 'attachment' = 'inline'): void {
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
