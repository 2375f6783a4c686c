// Test support for the .docx export: LibreOffice (headless, a fresh profile per run, the engine's own
// fonts made visible to it through a fontconfig file that aliases the official font names), and a
// page-by-page comparison of two PDFs' text lines (pdftotext -layout).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FontReportEntry } from '../../src/core/fonts';
import type { Template } from '../../src/shared/template';

/** True when LibreOffice is installed; under CI=true its absence is a failure, not a skip. */
export function hasSoffice(): boolean {
  const found = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('soffice is required under CI (apt-get install libreoffice-writer-nogui)');
  if (!found) process.stderr.write('skipping the LibreOffice checks of the .docx export: soffice not found (apt-get install libreoffice-writer-nogui)\n');
  return found;
}

/** fontconfig's family and weight of a font file (the name LibreOffice will know it by). */
function scan(file: string): { family: string; weight: number } {
  const out = execFileSync('fc-scan', ['--format', '%{family[0]}|%{weight}\n', file], { encoding: 'utf8' }).split('\n')[0] ?? '';
  const [family, weight] = out.split('|');
  return { family: family ?? '', weight: Number(weight ?? 80) };
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A fontconfig file that includes the system's, adds the folders of the faces the engine used, and
 * maps each name the .docx uses for a role (the template's system families: 方正小标宋简体,
 * 仿宋_GB2312 …) to the face that role used in the PDF — so LibreOffice sets the .docx in the very
 * fonts the PDF was set in.
 */
export function fontconfigFor(dir: string, template: Template, report: readonly FontReportEntry[], extraDirs: readonly string[]): string {
  const dirs = [...new Set([...extraDirs, ...report.map((r) => r.location.replace(/\/[^/]+$/, ''))])];
  const rules: string[] = [];
  const rejects = new Set<string>();
  for (const entry of report) {
    if (!entry.location.startsWith('/')) continue;
    const { family, weight } = scan(entry.location);
    // Other installed copies of the same family (the system's Noto CJK collection) are set aside,
    // so LibreOffice takes the very file the engine measured.
    const others = execFileSync('fc-list', [family, 'file'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.replace(/:\s*$/, '').trim())
      .filter((f) => f !== '' && f !== entry.location);
    others.forEach((f) => rejects.add(f));
    for (const name of template.fonts[entry.role].systemFamilies) {
      rules.push(
        `<match target="pattern"><test name="family"><string>${escapeXml(name)}</string></test>` +
          `<edit name="family" mode="assign" binding="strong"><string>${escapeXml(family)}</string></edit>` +
          `<edit name="weight" mode="assign" binding="strong"><int>${weight}</int></edit></match>`,
      );
    }
  }
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n${dirs.map((d) => `<dir>${escapeXml(d)}</dir>`).join('\n')}\n<cachedir>${escapeXml(join(dir, 'fc-cache'))}</cachedir>\n<selectfont><rejectfont>${[...rejects].map((f) => `<glob>${escapeXml(f)}</glob>`).join('')}</rejectfont></selectfont>\n${rules.join('\n')}\n</fontconfig>\n`,
  );
  return conf;
}

/** Converts a .docx to PDF with LibreOffice headless (fresh profile, the given fontconfig file). */
export function sofficeToPdf(docx: Uint8Array, fontsConf: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'bs-lo-'));
  try {
    writeFileSync(join(dir, 'doc.docx'), docx);
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'doc.docx')], {
      env: { ...process.env, FONTCONFIG_FILE: fontsConf, HOME: dir },
      stdio: 'pipe',
      timeout: 180_000,
    });
    return readFileSync(join(dir, 'doc.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text lines of each page, whitespace removed: words from `pdftotext -bbox` grouped by their
 * vertical centre (within 8 pt, so a raised 〔n〕 marker stays on its line), ordered left to right.
 */
export function pageLines(pdf: Uint8Array): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'bs-txt-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return html
      .split(/<page /)
      .slice(1)
      .map((page) => {
        const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
          x: Number(m[1]),
          y: (Number(m[2]) + Number(m[4])) / 2,
          h: Number(m[4]) - Number(m[2]),
          text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
        }));
        // Tallest words first define the lines; smaller ones (markers) join the nearest.
        const lines: { y: number; words: typeof words }[] = [];
        for (const word of [...words].sort((a, b) => b.h - a.h)) {
          const line = lines.find((l) => Math.abs(l.y - word.y) < 8);
          if (line) line.words.push(word);
          else lines.push({ y: word.y, words: [word] });
        }
        return lines
          .sort((a, b) => a.y - b.y)
          .map((l) => l.words.sort((a, b) => a.x - b.x).map((w) => w.text).join('').replace(/\s+/g, ''))
          .filter((l) => l !== '');
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Longest common subsequence length of two line lists (lines equal as strings). */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(row[j]!, row[j - 1]!);
      prev = keep;
    }
  }
  return row[b.length]!;
}

/** How many of the reference's lines the other PDF has on the same page, in the same order, with the same characters. */
export interface LineAgreement {
  readonly pagesReference: number;
  readonly pagesOther: number;
  readonly linesReference: number;
  readonly linesSame: number;
  readonly ratio: number;
  /** Lines the same in the same order over the whole document, ignoring which page they are on. */
  readonly linesSameAnywhere: number;
  /** Per page: lines of the reference, lines found the same. */
  readonly perPage: readonly { readonly page: number; readonly lines: number; readonly same: number }[];
  /** Up to 30 lines of the reference that the other PDF breaks differently, with the page. */
  readonly differing: readonly { readonly page: number; readonly line: string }[];
}

export function lineAgreement(reference: readonly string[][], other: readonly string[][]): LineAgreement {
  let lines = 0;
  let same = 0;
  const perPage: { page: number; lines: number; same: number }[] = [];
  const differing: { page: number; line: string }[] = [];
  reference.forEach((ref, k) => {
    const mine = other[k] ?? [];
    const s = lcs(ref, mine);
    lines += ref.length;
    same += s;
    perPage.push({ page: k + 1, lines: ref.length, same: s });
    const set = new Set(mine);
    for (const line of ref) if (!set.has(line) && differing.length < 30) differing.push({ page: k + 1, line });
  });
  return { pagesReference: reference.length, pagesOther: other.length, linesReference: lines, linesSame: same, linesSameAnywhere: lcs(reference.flat(), other.flat()), ratio: lines === 0 ? 1 : same / lines, perPage, differing };
}

/** Writes page images (pdftoppm -png -r dpi) as `<prefix>-page-N.png` into `dir`; returns the file names. */
export function writePageImages(pdf: Uint8Array, dpi: number, dir: string, prefix: string): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'bs-png-'));
  try {
    writeFileSync(join(tmp, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), join(tmp, 'doc.pdf'), join(tmp, 'p')]);
    return readdirSync(tmp)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f, k) => {
        const name = `${prefix}-page-${k + 1}.png`;
        writeFileSync(join(dir, name), readFileSync(join(tmp, f)));
        return name;
      });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
