import { Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '@ledger/application';
import { CallerResolver, staffActor, type Caller } from '@ledger/auth';
import { DomainError, matchesHolder, normaliseLicenceNumber } from '@ledger/domain';
import { renderFullRecordPdf } from '@ledger/letters';
import { ConsultationAudit, type ConsultationRole } from '../consultations/consultation-audit';
import { sendError, sendPdf, callerOr401 } from '../http/pdf-responses';
import { LetterReader } from '../licence-views/letter-reader';
import { LicenceReader } from '../licence-views/licence-reader';
import type { StoredLicence } from '../licence-views/licence-presenter';
import { fullRecordInput } from './full-record-input';

const PDF_FILE = /^(.+)\.pdf$/;

/** One refusal for an unknown number, a stranger's number and no right at all: nothing is revealed (RULES §8). */
export const recordNotAvailable = () =>
  new DomainError(
    'RECORD.NOT_AVAILABLE',
    'NOT_FOUND',
    "Le relevé intégral n'est pas disponible pour ce numéro avec l'identité utilisée.",
  );

interface RecordReading {
  licence: StoredLicence;
  consultedBy: string;
  role: ConsultationRole;
  audience: 'holder' | 'staff';
}

/**
 * The full record ("relevé d'information intégral") as a PDF: GET /records/<licence number>.pdf.
 * Served to the licence's holder (the session's FranceConnect identity matches the file, as for the
 * balance) and to staff with ledger.reader; recorded in the consultation audit. Anyone else, a
 * malformed number and an unknown one get the same 404.
 */
@Controller('records')
export class FullRecordController {
  private readonly logger = new Logger('FullRecordController');

  constructor(
    private readonly callers: CallerResolver,
    private readonly licences: LicenceReader,
    private readonly letters: LetterReader,
    private readonly audit: ConsultationAudit,
    private readonly clock: Clock,
  ) {}

  @Get(':file')
  async record(@Param('file') file: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const caller = await this.resolve(req, res);
    if (!caller) return;
    const reading = await this.read(caller, PDF_FILE.exec(file)?.[1] ?? '');
    if (!reading) {
      const refusal = recordNotAvailable();
      return sendError(res, 404, refusal.code, refusal.message);
    }
    const { licence } = reading;
    const asOf = this.clock.today();
    await this.audit.record({
      licenceNumber: licence.licenceNumber,
      consultedAt: new Date().toISOString(),
      consultedBy: reading.consultedBy,
      role: reading.role,
      operation: 'recordPdf',
      asOf,
    });
    const letters = await this.letters.lettersFor(licence.licenceNumber, reading.audience);
    const pdf = await renderFullRecordPdf(fullRecordInput(licence, asOf, letters));
    sendPdf(res, pdf, `releve-integral-${licence.licenceNumber.replace(/ /g, '')}-${asOf}.pdf`, 'attachment');
  }

  private async read(caller: Caller, typed: string): Promise<RecordReading | null> {
    if (caller.kind === 'anonymous') return null;
    if (caller.kind === 'staff' && !caller.roles.includes('ledger.reader')) return null;
    const canonical = normaliseLicenceNumber(typed);
    const licence = canonical ? await this.licences.findLicence(canonical) : null;
    if (!licence) return null;
    if (caller.kind === 'staff')
      return { licence, consultedBy: staffActor(caller), role: 'LEDGER_READER', audience: 'staff' };
    return matchesHolder(caller.identity, licence.file.holder)
      ? { licence, consultedBy: 'holder', role: 'HOLDER', audience: 'holder' }
      : null;
  }

  /** The caller, or null once a 401 was sent (a bearer token was presented and refused). */
  private resolve(req: Request, res: Response): Promise<Caller | null> {
    return callerOr401(this.callers, this.logger, req, res);
  }
}
