import {
  describeViolations,
  forbiddenInDomain,
  moduleReferences,
  reachesApps,
  read,
  sourceFiles,
  timeReads,
  type Violation,
} from './layer-rules';

// CONVENTIONS 11: the law stays pure TypeScript. It imports no framework, no driver, no other layer,
// and never reads the clock or the environment: `today` and `asOf` come in on the command.

describe('the domain is pure', () => {
  const files = sourceFiles('libs/domain/src');

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('imports no NestJS, no driver, no Node core module and no other library of the monorepo', () => {
    const violations: Violation[] = files.flatMap((file) =>
      moduleReferences(file, read(file)).flatMap(({ specifier, line }) => {
        const why = forbiddenInDomain(specifier);
        return why ? [{ file, line, what: `imports '${specifier}' (${why})` }] : [];
      }),
    );
    if (violations.length > 0)
      throw new Error(`The domain must stay pure:\n${describeViolations(violations)}`);
  });

  it('never reads the clock or the environment', () => {
    const violations: Violation[] = files.flatMap((file) =>
      timeReads(file, read(file)).map((found) => ({ file, ...found })),
    );
    if (violations.length > 0)
      throw new Error(`The domain must not read the time:\n${describeViolations(violations)}`);
  });
});

describe('the application layer does not depend on the apps', () => {
  it('no file of libs/application imports from apps/', () => {
    const violations: Violation[] = sourceFiles('libs/application').flatMap((file) =>
      moduleReferences(file, read(file))
        .filter(({ specifier }) => reachesApps(file, specifier))
        .map(({ specifier, line }) => ({ file, line, what: `imports '${specifier}' from apps/` })),
    );
    if (violations.length > 0)
      throw new Error(`libs/application must not import apps/:\n${describeViolations(violations)}`);
  });
});

describe('the rules themselves', () => {
  const source = `
    import { Injectable } from '@nestjs/common';
    import type { Pool } from 'pg';
    import { readFileSync } from 'fs';
    import { join } from 'node:path';
    import { EVENT_STORE } from '@ledger/event-store';
    import { addDays } from '../values/calendar-date';
    import { decide } from '@ledger/domain';
    export * from 'better-sqlite3';
    const crypto = require('crypto');
    const later = () => import('@eventstore/db-client');
    // new Date() in a comment, and 'Date.now' in a string, are no reads.
    const today = new Date();
    const instant = Date.now();
    const mode = process.env.NODE_ENV;
    const label = Date();
  `;

  it('find every forbidden import, with its line', () => {
    const forbidden = moduleReferences('x.ts', source)
      .filter(({ specifier }) => forbiddenInDomain(specifier))
      .map(({ specifier, line }) => `${line} ${specifier}`);
    expect(forbidden).toEqual([
      '2 @nestjs/common',
      '3 pg',
      '4 fs',
      '5 node:path',
      '6 @ledger/event-store',
      '9 better-sqlite3',
      '10 crypto',
      '11 @eventstore/db-client',
    ]);
  });

  it('find every read of the clock or the environment, and nothing in comments or strings', () => {
    expect(timeReads('x.ts', source).map(({ line, what }) => `${line} ${what}`)).toEqual([
      '13 reads the clock (new Date(…))',
      '14 reads the clock (Date.now)',
      '15 reads the environment (process.env)',
      '16 reads the clock (Date())',
    ]);
  });

  it('tell an import of apps/ from one of another library', () => {
    expect(reachesApps('libs/application/src/a.ts', '../../../apps/ledger-api/src/main')).toBe(true);
    expect(reachesApps('libs/application/src/a.ts', 'apps/ledger-api/src/main')).toBe(true);
    expect(reachesApps('libs/application/src/a.ts', '../../domain/src')).toBe(false);
    expect(reachesApps('libs/application/src/a.ts', '@ledger/domain')).toBe(false);
  });

  it('name the file and the import in the failure message', () => {
    expect(
      describeViolations([
        { file: 'libs/domain/src/x.ts', line: 3, what: "imports 'fs' (a Node core module)" },
      ]),
    ).toBe("libs/domain/src/x.ts:3 imports 'fs' (a Node core module)");
  });
});
