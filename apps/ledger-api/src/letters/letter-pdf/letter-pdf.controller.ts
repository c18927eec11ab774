import { Controller, Get, Logger, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '@ledger/application';
import { CallerResolver, staffActor, type Caller } from '@ledger/auth';
import { isDomainError, LicenceErrors, type LetterChannel } from '@ledger/domain';
import { LetterErrors, renderLetterPdf, renderPrintRunPdf } from '@ledger/letters';
import { LetterQueries } from '@ledger/read-models/letters';
import { ConsultationAudit } from '../../consultations/consultation-audit';
import { LetterChannelEnum } from '../../graphql/enums';
import { requirePrintRunDate } from '../print-run/print-run-date';
import { sendError, sendPdf, callerOr401 } from '../../http/pdf-responses';
import { LetterAccess } from './letter-access';

const PDF_FILE = /^(.+)\.pdf$/;

const HTTP_STATUS = { VALIDATION: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403 } as const;

/**
 * The printable letters (RULES §6): one letter for its holder or for staff with ledger.reader, and
 * the day's print run for staff. The caller is resolved as for GraphQL (holder session cookie or
 * staff bearer token). Every reading is recorded in the consultation audit (RULES §8).
 */
@Controller('letters')
export class LetterPdfController {
  private readonly logger = new Logger('LetterPdfController');

  constructor(
    private readonly callers: CallerResolver,
    private readonly access: LetterAccess,
    private readonly letters: LetterQueries,
    private readonly audit: ConsultationAudit,
    private readonly clock: Clock,
  ) {}

  /** GET /letters/print-run/2024-05-01.pdf?channel=REGISTERED — staff with ledger.reader. */
  @Get('print-run/:file')
  async printRun(
    @Param('file') file: string,
    @Query('channel') channel: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const caller = await this.resolve(req, res);
    if (!caller) return;
    if (caller.kind === 'anonymous')
      return sendError(res, 401, 'UNAUTHENTICATED', 'Sign in with your agent account to do this.');
    if (caller.kind !== 'staff' || !caller.roles.includes('ledger.reader')) {
      return sendError(res, 403, 'FORBIDDEN', 'Only staff with role ledger.reader may print the letters.');
    }
    try {
      const date = requirePrintRunDate(PDF_FILE.exec(file)?.[1] ?? file, this.clock.today());
      if (channel !== undefined && !(channel in LetterChannelEnum)) {
        throw LicenceErrors.invalid(
          'channel',
          `The channel must be one of ${Object.keys(LetterChannelEnum).join(', ')}.`,
        );
      }
      const run = await this.letters.printRun(date, (channel as LetterChannel | undefined) ?? null);
      const pdf = await renderPrintRunPdf({
        issuedOn: date,
        channel: (channel as LetterChannel | undefined) ?? null,
        letters: run.map((l) => l.letter),
      });
      const consultedAt = new Date().toISOString();
      for (const licenceNumber of new Set(run.map((l) => l.licenceNumber))) {
        await this.audit.record({
          licenceNumber,
          consultedAt,
          consultedBy: staffActor(caller),
          role: 'LEDGER_READER',
          operation: 'printRunPdf',
          asOf: date,
        });
      }
      sendPdf(res, pdf, `tournee-${date}${channel ? `-${channel.toLowerCase()}` : ''}.pdf`);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      sendError(res, HTTP_STATUS[error.category], error.code, error.message);
    }
  }

  /** GET /letters/L-<uuid>.pdf — its holder, or staff with ledger.reader; anyone else: 404, as for an unknown id. */
  @Get(':file')
  async letter(@Param('file') file: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const caller = await this.resolve(req, res);
    if (!caller) return;
    const letterId = PDF_FILE.exec(file)?.[1];
    const reading = letterId ? await this.access.read(caller, letterId) : null;
    if (!reading) {
      const refusal = LetterErrors.notAvailable();
      return sendError(res, 404, refusal.code, refusal.message);
    }
    const { letter } = reading;
    await this.audit.record({
      licenceNumber: letter.licenceNumber,
      consultedAt: new Date().toISOString(),
      consultedBy: reading.consultedBy,
      role: reading.role,
      operation: 'letterPdf',
      asOf: letter.issuedOn,
    });
    sendPdf(res, await renderLetterPdf(letter.letter), `${letter.letterId}.pdf`);
  }

  /** The caller, or null once a 401 was sent (a bearer token was presented and refused). */
  private resolve(req: Request, res: Response): Promise<Caller | null> {
    return callerOr401(this.callers, this.logger, req, res);
  }
}
