import type { PreviewSourceRun } from '../../shared/api';
import type { LayoutDocument } from './types';

// Where each block's text landed on the pages, for the preview: a click on a page names the block
// and the glyph under the pointer by id, from the layout itself — never by matching text.

/** One run of glyphs of a block on a page (the preview's contract type): characters and pen positions, in points. */
export type SourceRun = PreviewSourceRun;

/** Every run of glyphs that shows a block or a field (title, masthead lines), page by page, in reading order. */
export function sourceRuns(layout: LayoutDocument): SourceRun[] {
  const out: SourceRun[] = [];
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind !== 'text' || item.glyphs.length === 0) continue;
      const { blockId, field } = item.struct;
      if (blockId === undefined && field === undefined) continue;
      out.push({
        page: page.index,
        blockId: blockId ?? '',
        ...(field !== undefined ? { field } : {}),
        top: item.baseline - item.size * 0.88,
        bottom: item.baseline + item.size * 0.12,
        chars: item.glyphs.map((g) => g.char),
        xs: item.glyphs.map((g) => Math.round(g.x * 100) / 100),
        size: item.size,
      });
    }
  }
  return out;
}
