import type { Briefing, BriefingMeta } from '../../shared/briefing';
import { blockFields, type GlyphProblem } from './checks';

/** Metadata fields whose text the masthead or 报尾 draws, in the order a reader meets them. */
const META_TEXT_FIELDS = ['seriesName', 'classification', 'urgency', 'docNumber', 'publisher', 'editorNote'] as const satisfies readonly (keyof BriefingMeta)[];

/**
 * Where each character occurs in the briefing — the first place in the title, each metadata field
 * and each block (a text field with its offset, a table cell, else the block) — so a character the
 * PDF engine cannot draw is located from the document itself, never from the engine's wording. A
 * character found nowhere is in the template's own text and comes back with no place.
 */
export function locateCharacters(briefing: Briefing, chars: readonly string[]): GlyphProblem[] {
  const out: GlyphProblem[] = [];
  for (const char of new Set(chars)) {
    const before = out.length;
    const titleAt = briefing.title.indexOf(char);
    if (titleAt >= 0) out.push({ char, field: 'title', offset: titleAt });
    for (const field of META_TEXT_FIELDS) if (briefing.meta[field].includes(char)) out.push({ char, field });
    for (const block of briefing.blocks) {
      const inField = blockFields(block).find(([, text]) => text.includes(char));
      if (inField) {
        out.push({ char, blockId: block.id, field: inField[0], offset: inField[1].indexOf(char) });
        continue;
      }
      if (block.type === 'table') {
        const r = block.rows.findIndex((row) => row.cells.some((c) => c.text.includes(char)));
        if (r >= 0) {
          const c = block.rows[r]!.cells.findIndex((cell) => cell.text.includes(char));
          out.push({ char, blockId: block.id, field: `cell.${r}.${c}`, offset: block.rows[r]!.cells[c]!.text.indexOf(char) });
          continue;
        }
      }
      if (JSON.stringify(block).includes(char)) out.push({ char, blockId: block.id });
    }
    if (out.length === before) out.push({ char });
  }
  return out;
}
