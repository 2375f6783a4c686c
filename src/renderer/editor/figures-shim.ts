// TEMPORARY until core/briefing exports statementParagraph / linkedFigureRun.
import { excerptFromItem, figureText, type LibraryItemLike, type LibrarySourceLike } from '../../core/briefing';
import type { BlockOf, FrozenItem, TextRun } from '../../shared/briefing';

export function linkedFigureRun(item: LibraryItemLike, frozen?: FrozenItem): TextRun {
  const made = excerptFromItem(item, undefined, 'x', 'quote');
  const f = frozen ?? made.frozen;
  return { text: figureText(f.figure!), link: { itemId: item.id, frozen: f } };
}

export function statementParagraph(item: LibraryItemLike, source: LibrarySourceLike | undefined, id: string, frozen?: FrozenItem): BlockOf<'paragraph'> {
  const made = excerptFromItem(item, source, id, 'statement') as { before?: string; after?: string; frozen: FrozenItem };
  const f = frozen ?? made.frozen;
  const runs: TextRun[] = [];
  if (made.before) runs.push({ text: made.before });
  runs.push({ text: figureText(f.figure!), link: { itemId: item.id, frozen: f } });
  if (made.after) runs.push({ text: made.after });
  return { id, type: 'paragraph', runs };
}
