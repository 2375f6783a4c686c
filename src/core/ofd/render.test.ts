import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadBriefing, loadTemplate, renderOk, testEngine } from '../../../tests/unit/pdf/render';
import { renderBriefingOfd } from './render';

describe('renderBriefingOfd', () => {
  it('gives the PDF’s pages for the same copy and watermark, with the host’s clock and version', async () => {
    const loaded = loadTemplate();
    const briefing = loadBriefing('numbered');
    const result = await renderBriefingOfd(briefing, loaded.template, testEngine.hostFor(loaded), { copyNumber: '000007', watermark: '征求意见稿' });
    if (!result.ok) throw new Error(result.message);
    const pdf = await renderOk(briefing, { copyNumber: '000007', watermark: '征求意见稿' });
    expect(result.value.pageCount).toBe(pdf.pageCount);
    const files = unzipSync(result.value.ofd);
    const ofdXml = strFromU8(files['OFD.xml']!);
    expect(ofdXml).toContain('<ofd:CreationDate>2025-02-12</ofd:CreationDate>');
    expect(ofdXml).toContain('<ofd:CreatorVersion>0.0.0-test</ofd:CreatorVersion>');
    const page1 = strFromU8(files['Doc_0/Pages/Page_0/Content.xml']!);
    expect(page1).toContain('>000007<');
    expect(page1).not.toContain('征求意见稿');
  });

  it('stops with MISSING_GLYPH when no font draws a character, like the PDF export', async () => {
    const loaded = loadTemplate();
    const result = await renderBriefingOfd(loadBriefing('missing-glyph'), loaded.template, testEngine.hostFor(loaded));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('MISSING_GLYPH');
  });
});
