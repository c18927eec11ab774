import type { LetterReference } from '@ledger/domain';
import { LETTER_INPUTS } from '../test/letter-fixtures';
import { composeLetter } from './compose-letter';

// RULES §6: each letter keeps the licence number on its top line, names the holder and the address,
// is dated and referenced, says what happened with its figures and what the holder must or may do.

const textOf = (reference: LetterReference) => composeLetter(LETTER_INPUTS[reference]).lines.join('\n');

describe('composing a letter', () => {
  it.each(Object.keys(LETTER_INPUTS) as LetterReference[])(
    '%s: the licence number on the first line, then the holder, the date and the reference',
    (reference) => {
      const input = LETTER_INPUTS[reference];
      const letter = composeLetter(input);
      expect(letter.lines[0]).toBe(`Permis de conduire n° ${input.licenceNumber}`);
      expect(letter.lines).toEqual(
        expect.arrayContaining([letter.recipient[0], '12 rue des Lilas', 'Appartement 4', '75007 PARIS']),
      );
      expect(letter.lines).toContain(letter.placeAndDate);
      expect(letter.placeAndDate).toMatch(/^Paris, le \d{1,2}(er)? \S+ \d{4}$/);
      expect(letter.referenceLine).toContain(input.letterId);
      expect(letter.reference).toBe(reference);
    },
  );

  it('the channel follows the table of RULES §6', () => {
    const channels = Object.fromEntries(
      (Object.keys(LETTER_INPUTS) as LetterReference[]).map((r) => [
        r,
        composeLetter(LETTER_INPUTS[r]).channelLabel,
      ]),
    );
    expect(channels).toEqual({
      '48': 'Lettre simple',
      '48M': 'Lettre recommandée',
      '48N': 'Lettre recommandée avec demande d’avis de réception',
      '48SI': 'Lettre recommandée avec demande d’avis de réception',
      '46': 'Lettre simple',
      '46D': 'Lettre simple',
      '46B': 'Lettre simple',
      '47': 'Lettre simple',
      CORRECTION: 'Lettre simple',
    });
  });

  it('48: the infraction and its date, the date of effect, the points withdrawn, the balance and the ceiling', () => {
    const text = textOf('48');
    expect(text).toContain(
      'Infraction : Excès de vitesse (25 km/h au-delà de la vitesse maximale autorisée de 80 km/h) — contravention de la 4e classe commise le 10 mars 2024',
    );
    expect(text).toContain('par le paiement de l’amende forfaitaire');
    expect(text).toContain('Date d’effet du retrait : 2 avril 2024');
    expect(text).toContain('Points retirés : 2 points');
    expect(text).toContain('Solde de points après ce retrait : 10 points');
    expect(text).toContain('Plafond de votre permis : 12 points');
    expect(text).toContain('Votre permis de conduire reste valable.');
  });

  it('48M: the balance of 6 or less and the invitation to a voluntary course (R223-8)', () => {
    const text = textOf('48M');
    expect(text).toContain('il ne compte plus que 5 points');
    expect(text).toContain(
      'Nous vous invitons à suivre un stage de sensibilisation à la sécurité routière (article R223-8',
    );
    expect(text).toContain('récupérer 4 points');
  });

  it('48N: the compulsory course within four months of receipt (R223-4), and what failing to take it risks', () => {
    const text = textOf('48N');
    expect(text).toContain(
      'Vous devez donc suivre un stage de sensibilisation à la sécurité routière (article R223-4',
    );
    expect(text).toContain('dans un délai de quatre mois à compter de la réception de la présente lettre');
    expect(text).toContain('contraventions de la 4e classe');
    expect(text).toContain('Solde de points après ce retrait : 3 points');
    expect(text).toContain('Plafond de votre permis : 6 points');
  });

  it('48SI: the recap of every withdrawal that led to zero, the invalidation on delivery, the licence returned within 10 days', () => {
    const letter = composeLetter(LETTER_INPUTS['48SI']);
    const text = letter.lines.join('\n');
    const table = letter.sections.find((s) => s.kind === 'table');
    expect(table).toMatchObject({ title: 'Récapitulatif des retraits ayant conduit à un solde nul' });
    expect(table?.kind === 'table' && table.rows.map((row) => row[2])).toEqual([
      '–4 points',
      '–3 points',
      '+4 points',
      '–6 points',
      '–4 points',
    ]);
    expect(text).toContain('Solde au départ (délivrance du permis, le 12 mai 2005) : 12 points');
    expect(text).toContain('Solde après le dernier retrait : 0 point');
    expect(text).toContain('votre permis de conduire perd sa validité');
    expect(text).toContain('prend effet le jour où la présente lettre vous est remise');
    expect(text).toContain(
      'à la préfecture de votre département de résidence dans un délai de dix jours à compter de la réception',
    );
  });

  it('46, 46D, 46B, 47: what came back, why, and the article', () => {
    expect(textOf('46')).toContain('pendant trois ans à compter du 2 avril 2024');
    expect(textOf('46')).toContain('L223-6 (alinéas 1 et 2)');
    expect(textOf('46D')).toContain('ce point vous est rendu le 1er décembre 2024 (article L223-6, alinéa 3');
    expect(textOf('46B')).toContain('dix ans après ce retrait, le 1er juin 2024');
    expect(textOf('46B')).toContain('L223-6, alinéa 5');
    expect(textOf('47')).toContain('les 8 avril 2024 et 9 avril 2024');
    expect(textOf('47')).toContain('R223-8');
    for (const reference of ['46', '46D', '46B', '47'] as const)
      expect(textOf(reference)).toMatch(/Solde de points après cette décision : \d+ points/);
  });

  it('a correction names the decision it reverses, why, the change and the balance now', () => {
    const text = textOf('CORRECTION');
    expect(text).toContain(
      'Nous vous informons que le retrait de 4 points enregistré avec effet au 20 janvier 2024 est annulé.',
    );
    expect(text).toContain('a été annulée le 2 mai 2024');
    expect(text).toContain('(article L223-1 du code de la route)');
    expect(text).toContain('Correction du solde : +4 points');
    expect(text).toContain('Solde de points à cette date : 12 points');
  });

  it('the same input always gives the same letter', () => {
    expect(composeLetter(LETTER_INPUTS['48SI'])).toEqual(
      composeLetter(structuredClone(LETTER_INPUTS['48SI'])),
    );
  });

  it('refuses a reference its cause does not call for', () => {
    expect(() => composeLetter({ ...LETTER_INPUTS['48'], reference: '47' })).toThrow(
      'cannot be written for a WITHDRAWAL cause',
    );
  });
});
