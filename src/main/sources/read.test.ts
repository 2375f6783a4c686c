// Source files made in the test, read back: .docx (written with docx), .pdf (written with pdfkit
// and a bundled CJK font, so its Chinese text goes through the CMaps), .html, .txt in UTF-8 and
// GB18030; and the files that must be refused whole: a scan, an encrypted or damaged PDF, an
// unknown type, a file over the limit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { findAppPaths } from '../paths';
import { dateOf, joinPdfLines, readSource } from '.';

const paths = findAppPaths(import.meta.dirname);
const font = join(paths.resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf');
const dir = mkdtempSync(join(tmpdir(), 'bs-sources-'));
const lines = ['关于加快科技创新的实施意见', '宁政发〔2025〕3号', '全市研发投入强度达到3.8%，比上年提高0.2个百分点。', '力争2025年高新技术企业突破1万家。'];

function pdf(name: string, body: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<string> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      const file = join(dir, name);
      writeFileSync(file, Buffer.concat(chunks));
      resolve(file);
    });
    body(doc);
    doc.end();
  });
}

describe('readSource', () => {
  it('reads a .docx paragraph by paragraph, with the document number proposed', async () => {
    const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ children: [new TextRun(text)] })) }] });
    const file = join(dir, 'a.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    const read = await readSource(file);
    expect(read.ok && read.value).toMatchObject({ paragraphs: lines, title: '关于加快科技创新的实施意见', docNumber: '宁政发〔2025〕3号' });
  });

  it('reads the Chinese text layer of a PDF, joining lines wrapped by the page, with progress', async () => {
    const long = '南京市坚持创新驱动发展战略，全社会研发投入强度达到3.8%，新认定高新技术企业1200家，技术合同成交额突破1000亿元，科技创新能力持续增强，创新生态不断优化。';
    const file = await pdf('a.pdf', (doc) => {
      doc.font(font).fontSize(14);
      doc.text(lines[0]!);
      doc.text(long, { width: 300 });
      doc.addPage().text(lines[3]!);
    });
    const progress: string[] = [];
    const read = await readSource(file, { onProgress: (done, total) => progress.push(`${done}/${total}`) });
    if (!read.ok) throw new Error(read.message);
    expect(read.value.paragraphs).toEqual([lines[0], long, lines[3]]);
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('reads a saved web page: the article, not the navigation, and its title without the site name', async () => {
    const file = join(dir, 'a.html');
    const body = lines.slice(2).map((l) => `<p>${l}</p>`).join('');
    writeFileSync(file, `<html><head><meta charset="utf-8"><title>关于加快科技创新的实施意见_南京市人民政府</title></head><body><nav><a href="/">首页</a><a href="/x">政务公开</a></nav><article><h1>关于加快科技创新的实施意见</h1>${body}${'<p>正文段落，用于让可读性算法识别出正文区域。这是政策文件的主体内容。</p>'.repeat(5)}</article><footer>版权所有</footer></body></html>`);
    const read = await readSource(file);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.title).toBe('关于加快科技创新的实施意见');
    expect(read.value.paragraphs).toEqual(expect.arrayContaining(lines.slice(2)));
    expect(read.value.paragraphs.join('')).not.toContain('政务公开');
  });

  it('reads .txt in UTF-8 and in GB18030', async () => {
    const utf8 = join(dir, 'u.txt');
    writeFileSync(utf8, `\uFEFF${lines.join('\r\n')}\r\n\r\n`);
    const gbk = join(dir, 'g.txt');
    // 关于 in GB18030, then ASCII: decoded by the fallback.
    writeFileSync(gbk, Buffer.from([0xb9, 0xd8, 0xd3, 0xda, 0x0a, 0x41]));
    const a = await readSource(utf8);
    const b = await readSource(gbk);
    expect(a.ok && a.value.paragraphs).toEqual(lines);
    expect(b.ok && b.value.paragraphs).toEqual(['关于', 'A']);
  });

  it('refuses a scan, an encrypted or damaged PDF, an unknown type and an oversized file, with codes', async () => {
    const scan = await pdf('scan.pdf', (doc) => doc.rect(50, 50, 400, 600).fill('#888888'));
    const locked = await pdf('locked.pdf', (doc) => doc.font(font).text(lines[2]!), { userPassword: 'secret', pdfVersion: '1.7' });
    const damaged = join(dir, 'damaged.pdf');
    writeFileSync(damaged, '%PDF-1.7\nthis is not a pdf');
    const odd = join(dir, 'a.xls');
    writeFileSync(odd, 'x');
    const code = async (file: string, options = {}) => {
      const r = await readSource(file, options);
      return r.ok ? 'ok' : r.code;
    };
    expect(await code(scan)).toBe('SOURCE_NO_TEXT');
    expect(await code(locked)).toBe('SOURCE_ENCRYPTED');
    expect(await code(damaged)).toBe('SOURCE_DAMAGED');
    expect(await code(odd)).toBe('SOURCE_UNSUPPORTED');
    expect(await code(join(dir, 'u.txt'), { maxBytes: 10 })).toBe('FILE_TOO_LARGE');
    expect(await code(join(dir, 'missing.txt'))).toBe('READ_FAILED');
    const controller = new AbortController();
    controller.abort();
    expect(await code(scan, { signal: controller.signal })).toBe('CANCELLED');
  });

  it('proposes dates written in every usual way, and joins PDF lines into paragraphs', () => {
    expect(dateOf('2025年2月8日')).toBe('2025-02-08');
    expect(dateOf('二〇二五年一月十五日')).toBe('2025-01-15');
    expect(dateOf('2025-2-8')).toBe('2025-02-08');
    expect(joinPdfLines(['第一行很长很长很长很长很长', '接着写完。', '— 2 —', '新的一段。'])).toEqual(['第一行很长很长很长很长很长接着写完。', '新的一段。']);
  });
});
