// From a spot on a preview page to what it shows, and from a block to its page — both from the
// layout's own map of where each block's and field's glyphs are (by id, never by matching text).
// Pure, so it is unit-tested.
import type { Briefing, BriefingMeta } from '../../../shared/briefing';
import type { PreviewSourceField, PreviewSourceRun } from '../../../shared/api';

/** The page (0-based) that shows the start of a block, from the layout's map; -1 when it is not shown. */
export function pageOfBlock(sources: readonly PreviewSourceRun[], blockId: string): number {
  return sources.find((run) => run.blockId === blockId && run.field === undefined)?.page ?? -1;
}

/** What a click on a preview page points at: a character of a block, of the title, or a masthead field. */
export type PreviewTarget = { kind: 'block'; blockId: string; offset: number } | { kind: 'title'; offset: number } | { kind: 'meta'; field: keyof BriefingMeta };

const metaOf: Record<Exclude<PreviewSourceField, 'title'>, keyof BriefingMeta> = {
  seriesName: 'seriesName',
  issueNumber: 'issueNumber',
  docNumber: 'docNumber',
  publisher: 'publisher',
  issueDate: 'issueDate',
  classification: 'classification',
  urgency: 'urgency',
  copyNumber: 'printCopyNumber',
};

/** The run nearest to (x, y) on `page`, within reach of a click. */
function runAt(sources: readonly PreviewSourceRun[], page: number, x: number, y: number): PreviewSourceRun | undefined {
  let best: PreviewSourceRun | undefined;
  let bestDistance = Infinity;
  for (const run of sources) {
    if (run.page !== page) continue;
    const left = run.xs[0] ?? 0;
    const right = (run.xs[run.xs.length - 1] ?? left) + run.size;
    const dy = y < run.top ? run.top - y : y > run.bottom ? y - run.bottom : 0;
    const dx = x < left ? left - x : x > right ? x - right : 0;
    const distance = dy * 4 + dx;
    if (distance < bestDistance) {
      best = run;
      bestDistance = distance;
    }
  }
  return best && bestDistance <= 40 ? best : undefined;
}

/** The glyphs of the runs showing the same thing as `run`, before its `k`th glyph, in reading order. */
function glyphsBefore(sources: readonly PreviewSourceRun[], run: PreviewSourceRun, k: number): string[] {
  const glyphs: string[] = [];
  for (const other of sources) {
    if (other.blockId !== run.blockId || other.field !== run.field) continue;
    if (other === run) {
      glyphs.push(...other.chars.slice(0, k));
      break;
    }
    glyphs.push(...other.chars);
  }
  return glyphs;
}

/**
 * What is under a click on page `page` at (x, y) points, from the layout's own map of where each
 * block's and field's glyphs are (by id and field name, never by matching text): a block or the
 * title with the character offset, or a masthead field. Null in the margins.
 */
export function targetAtPoint(briefing: Briefing, sources: readonly PreviewSourceRun[], page: number, x: number, y: number): PreviewTarget | null {
  const run = runAt(sources, page, x, y);
  if (!run) return null;
  // The glyph under the pointer: the caret goes before it, or after it past its middle.
  let k = 0;
  while (k < run.xs.length && run.xs[k]! + run.size / 2 < x) k++;
  if (run.field === 'title') return { kind: 'title', offset: alignOffset(briefing.title, glyphsBefore(sources, run, k)) };
  if (run.field !== undefined) return { kind: 'meta', field: metaOf[run.field] };
  const block = briefing.blocks.find((b) => b.id === run.blockId);
  if (!block) return null;
  return { kind: 'block', blockId: block.id, offset: alignOffset(blockOffsetText(block), glyphsBefore(sources, run, k)) };
}

/** The text a block's offsets count (what 校对 targets and the editor's positions use). */
function blockOffsetText(block: Briefing['blocks'][number]): string {
  switch (block.type) {
    case 'paragraph':
      return block.runs.map((r) => r.text).join('');
    case 'heading':
    case 'note':
      return block.text;
    case 'excerpt':
      return block.frozen.quote;
    default:
      return '';
  }
}

/**
 * How far into `text` the glyphs `drawn` reach. Glyphs that are not in the text (a heading's
 * number, a 〔n〕 marker, a justification space taken out) are passed over; text the layout did
 * not draw (spaces) is stepped over.
 */
export function alignOffset(text: string, drawn: readonly string[]): number {
  let at = 0;
  for (const glyph of drawn) {
    const found = text.indexOf(glyph, at);
    if (found >= 0 && found - at <= 3) at = found + glyph.length;
  }
  return Math.min(at, text.length);
}
