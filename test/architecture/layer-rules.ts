import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The layer rules of CONVENTIONS 11, checked on the syntax tree (not with regular expressions), so
 * that a comment or a string that mentions `new Date(` is not taken for code.
 */

export const ROOT = resolve(__dirname, '../..');

export interface Violation {
  file: string;
  line: number;
  what: string;
}

export const describeViolations = (violations: readonly Violation[]): string =>
  violations.map((v) => `${v.file}:${v.line} ${v.what}`).join('\n');

/** Every .ts file under `dir`, specs excluded, as paths relative to the repository root. */
export function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !/\.spec\.ts$/.test(entry.name))
        found.push(relative(ROOT, path));
    }
  };
  walk(resolve(ROOT, dir));
  return found.sort();
}

export interface ModuleReference {
  specifier: string;
  line: number;
}

const lineOf = (source: ts.SourceFile, node: ts.Node) =>
  source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);

/** import/export … from, import x = require(…), import(…), require(…). */
export function moduleReferences(file: string, text: string): ModuleReference[] {
  const source = parse(file, text);
  const references: ModuleReference[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node))
      references.push({ specifier: node.text, line: lineOf(source, node) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return references;
}

const NODE_CORE = new Set(builtinModules.flatMap((name) => [name, name.split('/')[0]]));

/** Why the domain may not import this module, or null when it may (CONVENTIONS 11). */
export function forbiddenInDomain(specifier: string): string | null {
  if (specifier.startsWith('node:')) return 'a Node core module';
  if (NODE_CORE.has(specifier) || NODE_CORE.has(specifier.split('/')[0])) return 'a Node core module';
  if (specifier.startsWith('@nestjs/')) return 'NestJS';
  if (specifier === 'better-sqlite3' || specifier === 'pg' || specifier.startsWith('pg/'))
    return 'a database driver';
  if (specifier.startsWith('@eventstore/')) return 'the EventStoreDB client';
  if (
    specifier.startsWith('@ledger/') &&
    specifier !== '@ledger/domain' &&
    !specifier.startsWith('@ledger/domain/')
  ) {
    return 'another library of the monorepo';
  }
  return null;
}

const TIME_READS: Record<string, string> = {
  'Date.now': 'reads the clock (Date.now)',
  'performance.now': 'reads the clock (performance.now)',
  'process.hrtime': 'reads the clock (process.hrtime)',
  'process.env': 'reads the environment (process.env)',
};

/** `new Date(…)`, `Date()`, `Date.now`, `performance.now`, `process.hrtime`, `process.env`. */
export function timeReads(file: string, text: string): { line: number; what: string }[] {
  const source = parse(file, text);
  const found: { line: number; what: string }[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Date'
    ) {
      found.push({
        line: lineOf(source, node),
        what: `reads the clock (${ts.isNewExpression(node) ? 'new Date(…)' : 'Date()'})`,
      });
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const what = TIME_READS[`${node.expression.text}.${node.name.text}`];
      if (what) found.push({ line: lineOf(source, node), what });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export const read = (file: string): string => readFileSync(resolve(ROOT, file), 'utf8');

/** Whether an import of `specifier` from `file` lands in `apps/`. */
export function reachesApps(file: string, specifier: string): boolean {
  if (specifier.startsWith('.')) {
    return relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep)[0] === 'apps';
  }
  // tsconfig's baseUrl is the root: 'apps/…' would resolve there.
  return specifier === 'apps' || specifier.startsWith('apps/');
}

/** The app (`apps/<name>`) an import of `specifier` from `file` lands in, or null. */
export function appReached(file: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith('.')) target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
  else if (specifier.startsWith('apps/')) target = specifier;
  else return null;
  const [top, app] = target.split(/[\\/]/);
  return top === 'apps' && app ? app : null;
}

/** The app a repository file belongs to, or null. */
export function appOf(file: string): string | null {
  const [top, app] = file.split(/[\\/]/);
  return top === 'apps' && app ? app : null;
}
