import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FRENCH_MESSAGES, frenchMessage } from './french-messages';

// Every code the API can answer has a French sentence for the holder's page: the codes are read
// from the sources themselves (a "FAMILY.REASON" string literal, and the auth layer's and the
// limits' codes), so a new refusal without a French message fails here.

const ROOT = resolve(__dirname, '../../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'test' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.includes('.spec.') ? [path] : [];
  });
}

const CODE_LITERAL = /'([A-Z][A-Z_]*\.[A-Z][A-Z_]*)'/g;

function codesInSources(): string[] {
  const codes = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))]) {
    if (file.endsWith('french-messages.ts')) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(CODE_LITERAL)) codes.add(match[1]);
  }
  return [...codes].sort();
}

describe('the holder’s page speaks French for every code of the API', () => {
  const codes = codesInSources();

  it('finds the codes in the sources (the scan itself works)', () => {
    expect(codes).toEqual(expect.arrayContaining(['BALANCE.NOT_AVAILABLE', 'LICENCE.NUMBERS_DIFFER', 'LETTER.NOT_AVAILABLE']));
  });

  it.each([...codesInSources(), 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'BAD_USER_INPUT', 'INTERNAL_SERVER_ERROR'])(
    '%s has a French message',
    (code) => {
      expect(FRENCH_MESSAGES[code]).toEqual(expect.any(String));
      expect(FRENCH_MESSAGES[code]).toMatch(/[.!?]$/);
    },
  );

  it('an unknown code reads as a fault of the service, in French', () => {
    expect(frenchMessage('SOMETHING.NEW')).toBe(FRENCH_MESSAGES.INTERNAL_SERVER_ERROR);
    expect(frenchMessage(undefined)).toContain('Réessayez');
  });

  it('an unknown number and a stranger’s number share one message, which names neither case', () => {
    expect(FRENCH_MESSAGES['BALANCE.NOT_AVAILABLE']).not.toMatch(/inconnu|n'existe|appartient/i);
  });
});
