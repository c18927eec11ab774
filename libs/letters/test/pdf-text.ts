import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface ParsedPdf {
  /** The text of every page, as a reader extracts it. */
  text: string;
  pages: number;
  title?: string;
}

const ROOT = resolve(__dirname, '../../..');

/** Parses a PDF back (pdf-parse, in a child process) to check what a reader finds in it. */
export function parsePdf(pdf: Buffer): Promise<ParsedPdf> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'extract-pdf-text.js')], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdf-parse failed (${code}): ${stderr}`));
      else resolvePromise(JSON.parse(stdout) as ParsedPdf);
    });
    child.stdin.end(pdf);
  });
}

/** PDF text extraction splits lines and may double spaces: compare on single-spaced text. */
export const squeeze = (text: string): string => text.replace(/\s+/g, ' ');
