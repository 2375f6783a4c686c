// From a spot on a preview page to the block it shows: the text pdf.js finds there is looked up in
// the text of every block (heading numbers and spaces aside). Pure, so it is unit-tested.
import { blockText, headingNumbers } from '../../../core/briefing';
import type { Briefing } from '../../../shared/briefing';
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

/** The block whose text contains the clicked line (or the longest piece of it). */
export function blockForText(briefing: Briefing, line: string, item = ''): string | null {
  if (line === '' && item === '') return null;
  const numbers = headingNumbers(briefing.blocks);
  const texts = briefing.blocks.map((b) => ({ id: b.id, text: squash(`${numbers.get(b.id) ?? ''}${blockText(b)}`) }));
  const find = (needle: string) => (needle.length === 0 ? [] : texts.filter((t) => t.text.includes(needle)));
  for (const needle of [line, item]) {
    const found = find(needle);
    if (found.length === 1) return found[0]!.id;
  }
  // Lines broken differently from the source (justified, hyphen-free CJK) or with a page number:
  // try ever shorter windows of the line, longest first.
  for (let size = Math.min(line.length, 24); size >= 4; size -= 2) {
    for (let start = 0; start + size <= line.length; start += Math.max(1, Math.floor(size / 2))) {
      const found = find(line.slice(start, start + size));
      if (found.length === 1) return found[0]!.id;
    }
  }
  const any = find(item)[0] ?? find(line)[0];
  return any?.id ?? null;
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
