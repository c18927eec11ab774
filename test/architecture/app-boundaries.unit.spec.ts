import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ROOT,
  appOf,
  appReached,
  describeViolations,
  moduleReferences,
  read,
  sourceFiles,
  type Violation,
} from './layer-rules';

// Each app is a deployable process: what two of them need lives in libs/ (the worker's wiring in
// libs/worker, the stand-ins' starter in libs/dev-identity-providers), never in another app.

const dirsUnder = (dir: string): string[] =>
  readdirSync(resolve(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${dir}/${entry.name}`);

describe('no app imports another app, and no library imports an app', () => {
  it('no file of an app imports from another app', () => {
    const files = dirsUnder('apps').flatMap((app) => sourceFiles(app));
    expect(files.length).toBeGreaterThan(0);
    const violations: Violation[] = files.flatMap((file) =>
      moduleReferences(file, read(file)).flatMap(({ specifier, line }) => {
        const reached = appReached(file, specifier);
        return reached && reached !== appOf(file)
          ? [{ file, line, what: `imports '${specifier}' from apps/${reached}` }]
          : [];
      }),
    );
    if (violations.length > 0)
      throw new Error(`An app must not import another app (move the shared part to libs/):\n${describeViolations(violations)}`);
  });

  it('no file of a library imports from an app', () => {
    const files = dirsUnder('libs').flatMap((lib) => sourceFiles(lib));
    const violations: Violation[] = files.flatMap((file) =>
      moduleReferences(file, read(file)).flatMap(({ specifier, line }) => {
        const reached = appReached(file, specifier);
        return reached ? [{ file, line, what: `imports '${specifier}' from apps/${reached}` }] : [];
      }),
    );
    if (violations.length > 0)
      throw new Error(`A library must not import an app:\n${describeViolations(violations)}`);
  });

  it('the rule tells an import of another app from one of the same app or of a library', () => {
    const file = 'apps/ledger-api/src/app.module.ts';
    expect(appReached(file, '../../ledger-worker/src/worker.module')).toBe('ledger-worker');
    expect(appReached(file, 'apps/dev-identity-provider/src')).toBe('dev-identity-provider');
    expect(appReached(file, './consultations/consultation-audit')).toBe('ledger-api');
    expect(appReached(file, '@ledger/worker')).toBeNull();
    expect(appReached('libs/auth/test/support/x.ts', '../../../../apps/ledger-api/src/main')).toBe('ledger-api');
    expect(appOf(file)).toBe('ledger-api');
    expect(appOf('libs/auth/src/index.ts')).toBeNull();
  });
});
