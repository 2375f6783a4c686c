// From a spot on a preview page to what it shows: a block's character by id from the layout's map
// (caretAtPoint), else the line of text pdf.js finds there (the title, the masthead). Pure, so it
// is unit-tested.
import { blockText } from '../../../core/briefing';
import type { Briefing } from '../../../shared/briefing';
import type { PreviewSourceRun } from '../../../shared/api';
import type { PageText } from './pdf';

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');

/** The line of text at (x, y) in points from the page's top-left, or '' when nothing is near. */
export function lineAt(text: PageText, x: number, y: number): { line: string; item: string } {
  let best: PageText['items'][number] | undefined;
  let bestDistance = Infinity;
  for (const it of text.items) {
    const dy = y < it.y ? it.y - y : y > it.y + it.h ? y - it.y - it.h : 0;
    const dx = x < it.x ? it.x - x : x > it.x + it.w ? x - it.x - it.w : 0;
    const distance = dy * 4 + dx;
    if (distance < bestDistance) {
      best = it;
      bestDistance = distance;
    }
  }
  if (!best || bestDistance > 60) return { line: '', item: '' };
  const mid = best.y + best.h / 2;
  const line = text.items
    .filter((it) => Math.abs(it.y + it.h / 2 - mid) < best!.h * 0.4)
    .sort((a, b) => a.x - b.x)
    .map((it) => it.str)
    .join('');
  return { line: squash(line), item: squash(best.str) };
}

/** The page (0-based) that shows the start of a block, or -1. */
export function pageOfBlock(briefing: Briefing, blockId: string, pages: readonly PageText[]): number {
  const block = briefing.blocks.find((b) => b.id === blockId);
  if (!block) return -1;
  const text = squash(blockText(block));
  if (text.length === 0) return -1;
  for (const size of [12, 6, 3]) {
    const needle = text.slice(0, size);
    if (needle.length < Math.min(size, text.length)) continue;
    const found = pages.findIndex((p) => squash(p.items.map((i) => i.str).join('')).includes(needle));
    if (found >= 0) return found;
  }
  return -1;
}

/**
 * The block and character under a click on page `page` at (x, y) points, from the layout's own
 * map of where each block's glyphs are (by id, never by matching text). Null when the click is
 * not on a block's text (the masthead, the margins).
 */
export function caretAtPoint(briefing: Briefing, sources: readonly PreviewSourceRun[], page: number, x: number, y: number): { blockId: string; offset: number } | null {
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
  if (!best || bestDistance > 40) return null;
  // The glyph under the pointer: the caret goes before it, or after it past its middle.
  let k = 0;
  while (k < best.xs.length && best.xs[k]! + best.size / 2 < x) k++;
  // The glyphs of the block before that one, in reading order, across lines and pages.
  const glyphs: string[] = [];
  for (const run of sources) {
    if (run.blockId !== best.blockId) continue;
    if (run === best) {
      glyphs.push(...run.chars.slice(0, k));
      break;
    }
    glyphs.push(...run.chars);
  }
  const block = briefing.blocks.find((b) => b.id === best.blockId);
  if (!block) return null;
  return { blockId: block.id, offset: alignOffset(blockOffsetText(block), glyphs) };
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
