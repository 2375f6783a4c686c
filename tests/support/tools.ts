// External tools the tests use (poppler, qpdf): found, or skipped with a message on a laptop,
// but a hard failure under CI=true.
import { execFileSync, spawnSync } from 'node:child_process';

/** True when `command` runs; under CI a missing tool throws instead of returning false. */
export function hasTool(command: string, installHint = 'apt-get install poppler-utils qpdf'): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error(`${command} is required under CI (${installHint})`);
  if (!found) process.stderr.write(`skipping: ${command} not found (${installHint})\n`);
  return found;
}

/** The text layer of a PDF, by poppler's pdftotext (layout order, UTF-8). */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Removes all whitespace: pdftotext breaks lines where the layout does. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
