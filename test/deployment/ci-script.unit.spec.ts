import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Jest compiles with SWC, which strips types without checking them: a type error or a lint error
// would pass `npm test`. CI must run the checker and the linter first, and stop on either failing.

const ciScript = readFileSync(join(__dirname, '../../.ci/run'), 'utf8');
const commands = ciScript
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('the CI script', () => {
  it('stops at the first failing command', () => {
    expect(commands).toContain('set -euo pipefail');
  });

  it('runs the type checker and the linter before the tests', () => {
    const typecheck = commands.indexOf('npm run typecheck');
    const lint = commands.indexOf('npm run lint');
    const tests = commands.indexOf('npm test');
    expect(typecheck).toBeGreaterThanOrEqual(0);
    expect(lint).toBeGreaterThanOrEqual(0);
    expect(tests).toBeGreaterThan(Math.max(typecheck, lint));
  });

  it('checks with the scripts that package.json defines as tsc and eslint', () => {
    const scripts = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).scripts;
    expect(scripts.typecheck).toMatch(/^tsc --noEmit\b/);
    expect(scripts.lint).toMatch(/^eslint\b/);
  });
});
