// The .docx export's 嵌入字体 checked for real: the demo written with its fonts embedded is
// converted by LibreOffice on a machine that has none of our fonts but the system's (no fontconfig
// aliases for 仿宋_GB2312 …, no bundled font folder), and its PDF must be set in the faces of our
// own PDF — FandolFang and LXGW WenKai are not installed here, so LibreOffice can only have them
// from the file — and break its lines as the same .docx does with the fonts installed.
// Skipped with a message when soffice is missing; a failure under CI=true.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docxEmbeddedFonts, writeBriefingDocx } from '../../src/core/docx';
import { loadBriefing, loadTemplate, paths, PINNED, renderOk } from '../unit/pdf/render';
import { fontconfigFor, hasSoffice, lineAgreement, pageLines, sofficeToPdf, writePageImages } from './docx-support';

const available = hasSoffice();
const dir = mkdtempSync(join(tmpdir(), 'bs-embed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The base names of the fonts a PDF embeds (pdffonts, subset tags stripped). */
function pdfFonts(pdf: Uint8Array): string[] {
  const file = join(dir, `fonts-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''))
    .filter((n) => n !== '');
}

/** Families fontconfig finds with only the system's configuration. */
function systemHas(family: string, conf: string): boolean {
  return execFileSync('fc-list', [family], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: conf } }).trim() !== '';
}

describe.skipIf(!available)('.docx with embedded fonts in LibreOffice without our fonts installed', () => {
  it('is set in the embedded faces and breaks its lines as with the fonts installed', async () => {
    const briefing = loadBriefing('demo');
    const template = loadTemplate().template;
    const pdf = await renderOk(briefing);
    const embedFonts = docxEmbeddedFonts(pdf.layout);
    const embedded = await writeBriefingDocx({ briefing, template, layout: pdf.layout, now: PINNED, embedFonts });
    const named = await writeBriefingDocx({ briefing, template, layout: pdf.layout, now: PINNED });

    // Only the system's fonts: no alias for the official names, no folder of ours.
    const bare = join(dir, 'bare.conf');
    writeFileSync(bare, `<?xml version="1.0"?>\n<fontconfig>\n<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n<cachedir>${join(dir, 'fc-bare')}</cachedir>\n</fontconfig>\n`);
    expect(systemHas('FandolFang', bare)).toBe(false);
    expect(systemHas('LXGW WenKai', bare)).toBe(false);
    const fromFile = sofficeToPdf(embedded, bare);
    const used = pdfFonts(fromFile);
    // 仿宋 (body) and 楷体 (按语) come from the file: the system has neither.
    expect(used).toEqual(expect.arrayContaining(['FandolFang-Regular', 'LXGWWenKai-Regular']));
    // The named file on the same machine gets substitutes for 仿宋_GB2312 and 楷体_GB2312 instead.
    const substituted = pdfFonts(sofficeToPdf(named, bare));
    expect(substituted).not.toContain('FandolFang-Regular');

    // With the fonts installed and aliased, the named file: the embedded one must agree with it.
    const installed = sofficeToPdf(named, fontconfigFor(join(dir), template, pdf.fontReport, [join(paths.resourcesDir, 'fonts')]));
    const withEmbedded = lineAgreement(pageLines(installed), pageLines(fromFile));
    process.stderr.write(
      `docx embedded fonts: ${embedFonts.map((f) => `${f.role}=${f.family} ${Math.round(f.data.length / 1024)} KB`).join(', ')}; .docx ${Math.round(embedded.length / 1024)} KB (named ${Math.round(named.length / 1024)} KB); LibreOffice without our fonts: ${used.join(', ')}; lines as with the fonts installed ${withEmbedded.linesSame}/${withEmbedded.linesReference}\n`,
    );
    expect(withEmbedded.pagesOther).toBe(withEmbedded.pagesReference);
    expect(withEmbedded.ratio).toBeGreaterThanOrEqual(0.95);
    expect(writePageImages(fromFile, 60, join(paths.root, 'tests', 'e2e', 'screenshots'), 'docx-embedded-demo-lo').length).toBe(withEmbedded.pagesOther);
  }, 300_000);
});
