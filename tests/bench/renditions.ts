// The reference content for the same-run baselines, generated from OUR layout of the briefing, so
// Typst and Chromium set exactly the text we print (title, masthead, 编者按, headings with their
// numbers, paragraphs, table captions and notes, chart text, 资料来源, 报尾) in the same font
// files (resources/fonts, handed to Typst as font paths and to Chromium as @font-face file URLs),
// sizes and type area. They re-break lines and pages themselves: that is the work being compared.
// Each piece keeps its runs: a character set in a fallback face by us (楷体 inside a 仿宋 piece, a
// Noto glyph FandolFang lacks) is set in that same face by the baselines, so every system embeds the
// same glyphs and the PDF sizes compare like with like.
import { pathToFileURL } from 'node:url';
import type { LayoutDocument, TextItem } from '../../src/core/layout';
import type { Briefing } from '../../src/shared/briefing';
import type { Geometry } from '../../src/core/layout';

/** One element of the page in reading order, as the layout printed it. */
interface Piece {
  readonly type: TextItem['struct']['type'];
  readonly blockId?: string;
  readonly text: string;
  /** The fontkit font of its first run: family and weight come from the font file itself. */
  readonly font: FontInfo;
  readonly size: number;
  readonly bold: boolean;
  /** The text in runs of one face, size and weight, as we printed it. */
  readonly runs: readonly Run[];
}

interface Run {
  readonly text: string;
  readonly font: FontInfo;
  readonly size: number;
  readonly bold: boolean;
}

interface FontInfo {
  readonly family: string;
  readonly weight: number;
  readonly file: string;
}

function fontInfo(item: TextItem): FontInfo {
  const f = item.face.pdfFont as { familyName: string; 'OS/2'?: { usWeightClass: number } };
  return { family: f.familyName, weight: f['OS/2']?.usWeightClass ?? 400, file: item.face.location };
}

/** Text elements (struct ids) in first-appearance order; page furniture (Artifact: page numbers, watermark) left out. */
export function piecesOf(layout: LayoutDocument): Piece[] {
  const byId = new Map<number, { first: TextItem; text: string[]; runs: { text: string; item: TextItem }[] }>();
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind !== 'text' || item.struct.type === 'Artifact') continue;
      const chars = item.glyphs.map((g) => g.char).join('');
      let entry = byId.get(item.struct.id);
      if (!entry) byId.set(item.struct.id, (entry = { first: item, text: [], runs: [] }));
      entry.text.push(chars);
      const last = entry.runs[entry.runs.length - 1];
      if (last && last.item.face === item.face && last.item.size === item.size && (last.item.bold === true) === (item.bold === true)) last.text += chars;
      else entry.runs.push({ text: chars, item });
    }
  }
  return [...byId.values()].map(({ first, text, runs }) => ({
    type: first.struct.type,
    ...(first.struct.blockId !== undefined ? { blockId: first.struct.blockId } : {}),
    text: text.join(''),
    font: fontInfo(first),
    size: first.size,
    bold: first.bold === true,
    runs: runs.map((r) => ({ text: r.text, font: fontInfo(r.item), size: r.item.size, bold: r.item.bold === true })),
  }));
}

/** Every font file the layout used (given to both baselines). */
export function fontFiles(layout: LayoutDocument): string[] {
  return [...new Set(layout.faces.map((f) => f.location))];
}

const typstString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const pt = (n: number) => `${n.toFixed(2)}pt`;

function typstText(p: Pick<Piece, 'font' | 'size' | 'bold' | 'text'>): string {
  const weight = p.bold ? 700 : p.font.weight;
  return `text(font: ${typstString(p.font.family)}, weight: ${weight}, size: ${pt(p.size)}, ${typstString(p.text)})`;
}

/** A whole piece, run by run (each in its own face). */
function typstRuns(p: Piece): string {
  return p.runs.length <= 1 ? typstText(p) : `[${p.runs.map((r) => `#${typstText(r)}`).join('')}]`;
}

/** A Typst document: the same pieces, page size, type area, body leading and page numbers. */
export function toTypst(briefing: Briefing, layout: LayoutDocument, g: Geometry): string {
  const out: string[] = [];
  const body = piecesOf(layout);
  const bodyFont = body.find((p) => p.type === 'P')?.font ?? body[0]!.font;
  out.push(
    `#set page(width: ${pt(g.pageWidth)}, height: ${pt(g.pageHeight)}, margin: (left: ${pt(g.left)}, top: ${pt(g.top)}, right: ${pt(g.pageWidth - g.left - g.width)}, bottom: ${pt(g.pageHeight - g.top - g.height)}), footer: context align(if calc.odd(here().page()) { right } else { left }, text(font: ${typstString(bodyFont.family)}, size: 14pt)[— #counter(page).display() —]))`,
    `#set text(lang: "zh", region: "cn", font: ${typstString(bodyFont.family)}, size: ${pt(g.bodySize)}, fallback: false)`,
    `#set par(justify: true, leading: ${pt(g.linePitch - g.bodySize)}, spacing: ${pt(g.linePitch - g.bodySize)})`,
  );
  const tables = new Set<string>();
  for (const p of body) {
    const block = p.blockId ? briefing.blocks.find((b) => b.id === p.blockId) : undefined;
    if (p.type === 'Table' && block?.type === 'table') {
      if (tables.has(block.id)) continue;
      tables.add(block.id);
      const cells: string[] = [];
      for (const c of block.columns) cells.push(`[#${typstText({ ...p, text: c.unit ? `${c.label}（${c.unit}）` : c.label })}]`);
      for (const r of block.rows) {
        cells.push(`[#${typstText({ ...p, text: r.label })}]`);
        for (const c of r.cells) cells.push(`align(right)[#${typstText({ ...p, text: c.text })}]`);
      }
      out.push(`#table(columns: ${block.columns.length}, stroke: 0.5pt, ${cells.join(', ')})`);
    } else if (p.type === 'Figure' && block?.type === 'chart') {
      const max = Math.max(1, ...block.bars.map((b) => b.value));
      const bars = block.bars.map((b) => `box(height: 150pt, align(bottom, stack(dir: ttb, spacing: 4pt, rect(width: 60pt, height: ${((b.value / max) * 120).toFixed(1)}pt, fill: luma(64)), ${typstText({ ...p, text: b.label })})))`);
      out.push(`#block(breakable: false)[#${typstRuns(p)} \\ #stack(dir: ltr, spacing: 40pt, ${bars.join(', ')})]`);
    } else if (p.type === 'Title' || p.type === 'Masthead') {
      out.push(`#align(center)[#${typstRuns(p)}]`);
    } else if (p.type === 'P' || p.type === 'Note') {
      out.push(`#par[#h(2em)#${typstRuns(p)}]`);
    } else {
      out.push(`#par[#${typstRuns(p)}]`);
    }
  }
  return out.join('\n') + '\n';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same pieces as HTML for Chromium's print-to-PDF, with our font files as @font-face file URLs. */
export function toHtml(briefing: Briefing, layout: LayoutDocument, g: Geometry): string {
  const body = piecesOf(layout);
  const families = new Map<string, string>();
  const faceCss: string[] = [];
  const familyOf = (p: Pick<Piece, 'font'>): string => {
    let name = families.get(p.font.file);
    if (!name) {
      name = `bs${families.size}`;
      families.set(p.font.file, name);
      faceCss.push(`@font-face { font-family: ${name}; src: url("${pathToFileURL(p.font.file).href}"); }`);
    }
    return name;
  };
  const style = (p: Pick<Piece, 'font' | 'size' | 'bold'>) => `font-family: ${familyOf(p)}; font-size: ${p.size}pt;${p.bold ? ' font-weight: bold;' : ''}`;
  const runsHtml = (p: Piece) => (p.runs.length <= 1 ? escapeHtml(p.text) : p.runs.map((r) => `<span style="${style(r)}">${escapeHtml(r.text)}</span>`).join(''));
  const html: string[] = [];
  const tables = new Set<string>();
  for (const p of body) {
    const block = p.blockId ? briefing.blocks.find((b) => b.id === p.blockId) : undefined;
    if (p.type === 'Table' && block?.type === 'table') {
      if (tables.has(block.id)) continue;
      tables.add(block.id);
      html.push(`<table style="${style(p)}"><tr>${block.columns.map((c) => `<th>${escapeHtml(c.unit ? `${c.label}（${c.unit}）` : c.label)}</th>`).join('')}</tr>`);
      for (const r of block.rows) html.push(`<tr><td>${escapeHtml(r.label)}</td>${r.cells.map((c) => `<td class="n">${escapeHtml(c.text)}</td>`).join('')}</tr>`);
      html.push('</table>');
    } else if (p.type === 'Figure' && block?.type === 'chart') {
      const max = Math.max(1, ...block.bars.map((x) => x.value));
      html.push(
        `<figure style="${style(p)}"><figcaption>${runsHtml(p)}</figcaption><svg width="156mm" height="60mm" viewBox="0 0 156 60">${block.bars
          .map((x, i) => `<rect x="${20 + i * 50}" y="${55 - (x.value / max) * 50}" width="25" height="${(x.value / max) * 50}" fill="#404040"/><text x="${32 + i * 50}" y="59" font-size="4" text-anchor="middle">${escapeHtml(x.label)}</text>`)
          .join('')}</svg></figure>`,
      );
    } else {
      const cls = p.type === 'Title' || p.type === 'Masthead' ? 'c' : p.type === 'P' || p.type === 'Note' ? 'i' : '';
      html.push(`<p class="${cls}" style="${style(p)}">${runsHtml(p)}</p>`);
    }
  }
  const bodyFamily = familyOf(body.find((p) => p.type === 'P') ?? body[0]!);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
${faceCss.join('\n')}
@page { size: ${g.pageWidth}pt ${g.pageHeight}pt; margin: ${g.top}pt ${g.pageWidth - g.left - g.width}pt ${g.pageHeight - g.top - g.height}pt ${g.left}pt;
  @bottom-right { content: "— " counter(page) " —"; font-family: ${bodyFamily}; font-size: 14pt; } }
body { margin: 0; font-family: ${bodyFamily}; font-size: ${g.bodySize}pt; line-height: ${g.linePitch}pt; text-align: justify; }
p { margin: 0; } p.i { text-indent: 2em; } p.c { text-align: center; }
table { width: 100%; border-collapse: collapse; line-height: 1.4; } td, th { border: 0.5pt solid #000; } .n { text-align: right; }
</style></head><body>
${html.join('\n')}
</body></html>`;
}
