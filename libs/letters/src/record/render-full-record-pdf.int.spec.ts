import type { FullRecordInput } from './full-record';
import { parsePdf, squeeze } from '../../test/pdf-text';
import { renderFullRecordPdf } from './render-full-record-pdf';

// The full record as a PDF, read back by an independent reader (pdf.js): every part the issue
// names is there, in French; every name prints; the same record gives the same bytes.

const RECORD: FullRecordInput = {
  licenceNumber: '150375100001',
  asOf: '2024-06-01',
  holder: { familyName: 'Wiśniewska', givenNames: 'Łucja Anna', birthdate: '1975-03-15', gender: 'FEMALE', birthplace: '75056', birthcountry: '99100' },
  address: { lines: ['12 rue des Lilas'], postalCode: '75007', city: 'Paris' },
  issuedOn: '1995-06-20',
  probation: null,
  balance: { points: 10, capital: 12, status: 'VALID' },
  infractions: [
    { infractionId: 'E1-speed', offenceCode: 'SPEEDING', committedOn: '2024-03-10', measures: { retainedExcessKmh: 25, speedLimitKmh: 80 }, establishedOn: '2024-04-02', establishedBy: 'FINE_PAID', offenceClass: 4, points: 2, withdrawn: 2 },
    { infractionId: 'E1-phone', offenceCode: 'PHONE_HELD', committedOn: '2024-04-10', measures: {}, cancelledOn: '2024-05-02', cancellationReason: 'contestation admise', offenceClass: 4, points: 3, withdrawn: 0 },
  ],
  history: [
    { effectiveOn: '2024-04-02', explanation: 'Retrait de 2 points à la suite de l’infraction « Excès de vitesse ».', change: -2, balanceAfter: 10, capitalAfter: 12, article: 'L223-1' },
  ],
  upcoming: [{ expectedOn: '2027-04-02', points: 2, condition: 'À condition de ne commettre aucune nouvelle infraction.' }],
  letters: [
    { reference: '48', issuedOn: '2024-04-02', channel: 'ORDINARY_MAIL', postedOn: '2024-04-03' },
    { reference: 'CORRECTION', issuedOn: '2024-05-02', channel: 'ORDINARY_MAIL', postedOn: null },
  ],
};

describe('the full record (relevé d’information intégral) as a PDF', () => {
  it('holds the civil status, the licence, every infraction with its dates, class and points, the decisions, the letters and the balance', async () => {
    const parsed = await parsePdf(await renderFullRecordPdf(RECORD));
    const text = squeeze(parsed.text).normalize('NFC');
    expect(parsed.title).toBe('Relevé d’information intégral — Permis de conduire n° 150375100001');
    expect(text).toContain('10 points sur un capital de 12');
    expect(text).toContain('Madame Łucja WIŚNIEWSKA');
    expect(text).toContain('15 mars 1975');
    expect(text).toContain('20 juin 1995');
    expect(text).toMatch(/10 mars 2024 Excès de vitesse contravention de la 4e classe Établie le 2 avril 2024 par le paiement de l’amende forfaitaire 2 points/);
    expect(text).toMatch(/Annulée le 2 mai 2024 \(contestation admise\)/);
    expect(text).toMatch(/2 avril 2024 Retrait de 2 points .* –2 points 10 \/ 12 L223-1/);
    expect(text).toContain('Lettre 48 — information sur un retrait de points');
    expect(text).toContain('Lettre de correction de votre dossier');
    expect(text).toContain('Posté le');
    expect(text).not.toMatch(/E1-speed|E1-phone|\d{4}-\d{2}-\d{2}/);
  });

  it('every page starts with the licence number', async () => {
    const many = { ...RECORD, history: Array.from({ length: 60 }, () => RECORD.history[0]) };
    const parsed = await parsePdf(await renderFullRecordPdf(many));
    expect(parsed.pages).toBeGreaterThan(1);
    const pages = parsed.text.split(/-- \d+ of \d+ --/).filter((page) => page.trim().length > 0);
    for (const page of pages) expect(page.trim().split('\n')[0]).toContain('Permis de conduire n° 150375100001');
  });

  it('the same record gives the same bytes; another date, other bytes', async () => {
    const first = await renderFullRecordPdf(RECORD);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await renderFullRecordPdf(structuredClone(RECORD))).equals(first)).toBe(true);
    expect((await renderFullRecordPdf({ ...RECORD, asOf: '2024-06-02' })).equals(first)).toBe(false);
  });

  it('a probation says when it ends, and whether it is over on the record’s date', async () => {
    const probation = { startedOn: '2023-09-01', endsOn: '2026-09-01', earlyLearning: false, complementaryTraining: true };
    const during = squeeze((await parsePdf(await renderFullRecordPdf({ ...RECORD, probation }))).text);
    expect(during).toContain('du 1er septembre 2023, fin le 1er septembre 2026 (en cours), formation complémentaire suivie');
    const after = squeeze((await parsePdf(await renderFullRecordPdf({ ...RECORD, asOf: '2026-12-06', probation }))).text);
    expect(after).toContain('fin le 1er septembre 2026 (terminée)');
  });

  it('an invalidated licence says since when, and when a new one may be obtained', async () => {
    const invalidated = { ...RECORD, balance: { points: 0, capital: 12, status: 'INVALIDATED' as const, invalidatedOn: '2024-05-20', newLicenceAllowedFrom: '2024-12-01' } };
    const text = squeeze((await parsePdf(await renderFullRecordPdf(invalidated))).text);
    expect(text).toContain('Permis invalidé pour solde nul depuis le 20 mai 2024');
    expect(text).toContain('Nouveau permis possible à partir du 1er décembre 2024');
  });
});
