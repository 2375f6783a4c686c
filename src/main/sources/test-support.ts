// Source files made for tests and the bench: a PDF with a Chinese text layer (pdfkit with a bundled
// CJK font, so its text goes through pdf.js's CMaps) and a Word file (docx), one paragraph each.
// Not part of the app: only tests, e2e and benches import it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';

/** The bundled font the generated PDFs use (LXGW WenKai: a TrueType CJK font pdfkit subsets). */
export function sourceFont(resourcesDir: string): string {
  return join(resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf');
}

/**
 * Writes a PDF of the paragraphs: the first as a heading, the rest as body text wrapped by the
 * page; `breaks` (optional) forces a page break before each paragraph index listed.
 */
export function writeSourcePdf(file: string, paragraphs: readonly string[], options: { font: string; breaks?: ReadonlySet<number> }): Promise<string> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72, info: { Title: paragraphs[0] ?? '' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('error', reject);
    doc.on('end', () => {
      writeFileSync(file, Buffer.concat(chunks));
      resolve(file);
    });
    doc.font(options.font);
    paragraphs.forEach((text, i) => {
      if (i > 0 && options.breaks?.has(i)) doc.addPage();
      doc.fontSize(i === 0 ? 18 : 13).text(text, { paragraphGap: 6 });
    });
    doc.end();
  });
}

/** Writes a Word file with one paragraph per entry. */
export async function writeSourceDocx(file: string, paragraphs: readonly string[]): Promise<string> {
  const doc = new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph({ children: [new TextRun(text)] })) }] });
  writeFileSync(file, await Packer.toBuffer(doc));
  return file;
}

/** A long report of `pages` pages: a title, then three body paragraphs with figures per page (a page break before each later page's first). */
export function longReport(pages: number): { paragraphs: string[]; breaks: Set<number> } {
  const paragraphs = ['2025年某市国民经济和社会发展计划执行情况的报告'];
  const breaks = new Set<number>();
  for (let p = 1; p <= pages; p++) {
    if (p > 1) breaks.add(paragraphs.length);
    for (let k = 0; k < 3; k++) {
      const n = (p - 1) * 3 + k + 1;
      paragraphs.push(
        `第${n}项工作：全年新增高新技术企业${100 + n}家，研发投入强度达到${(2 + (n % 30) / 10).toFixed(1)}%，技术合同成交额突破${200 + n}亿元，比上年增长${(n % 9) + 1}.5%，创新能力持续增强。`,
      );
    }
  }
  return { paragraphs, breaks };
}
