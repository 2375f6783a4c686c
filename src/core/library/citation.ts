import type { Citation, FrozenItem } from '../../shared/briefing';
import type { LibraryItem, LibrarySource, LibrarySourceSummary } from '../../shared/library';
import { figureOf, type FreezableItem } from './figures';

/**
 * What a citation needs of a source: the library's summary, or a copy of these fields (the editor's
 * view). `dateText` is the date as printed (2025年2月7日); without `kind` it is cited as an article.
 */
export type CitableSource = Pick<LibrarySourceSummary, 'id' | 'title' | 'outlet' | 'dateText'> &
  Partial<Pick<LibrarySourceSummary, 'kind' | 'originalPublisher'>>;

/** 出处 as printed: the outlet, with the outlet that first carried the text when it was reprinted. */
export function formatOutlet(source: Pick<CitableSource, 'outlet' | 'originalPublisher'>): string {
  return source.originalPublisher ? `${source.outlet}（原载${source.originalPublisher}）` : source.outlet;
}

/**
 * The citation of a source (《篇名》，出处，日期): 《DeepSeek为什么会出现在杭州?》，上海证券报
 * （原载新华日报“交汇点”客户端），2025年2月7日. With `paragraph`, adds 第N段 (第10、18段 for
 * several, in the order given). An introduction has no title of its own and is cited as
 * 上海证券报（导语）.
 */
export function formatCitation(source: CitableSource, options: { paragraph?: number | readonly number[] } = {}): string {
  const head = source.kind === 'introduction' ? `${formatOutlet(source)}（${source.title}）` : `《${source.title}》，${formatOutlet(source)}`;
  const paragraphs = options.paragraph === undefined ? [] : typeof options.paragraph === 'number' ? [options.paragraph] : options.paragraph;
  const tail = paragraphs.length === 0 ? '' : `，第${paragraphs.join('、')}段`;
  return `${head}，${source.dateText}${tail}`;
}

/**
 * The frozen citation of an item (what a draft keeps), dates as printed (2025年2月7日). Without a
 * source (the library did not answer) the item is cited by source id and paragraph only.
 */
export function citationOf(item: Pick<FreezableItem, 'id' | 'sourceId' | 'paragraph'>, source: CitableSource | undefined): Citation {
  if (source && source.id !== item.sourceId) throw new Error(`citationOf: item ${item.id} cites ${item.sourceId}, not ${source.id}`);
  return {
    sourceId: item.sourceId,
    sourceTitle: source?.title ?? '',
    outlet: source ? formatOutlet(source) : '',
    date: source?.dateText ?? '',
    // The briefing model numbers paragraphs from 1; a view of an item may lack the number.
    paragraph: Math.max(1, item.paragraph),
  };
}

/**
 * The frozen copy of an item for a 资料摘录 block (`frozenItemSchema` of the briefing model): what
 * the item said when inserted, with its figure and citation, so the PDF can cite it offline. The
 * one way an item is frozen: the library panel, the main process and the editor all come here.
 */
export function toFrozenItem(item: FreezableItem, source: CitableSource | undefined): FrozenItem {
  const figure = figureOf(item);
  return {
    kind: item.kind,
    city: item.city,
    ...(item.district ? { district: item.district } : {}),
    subject: item.subject,
    quote: item.quote,
    ...(figure ? { figure } : {}),
    citation: citationOf(item, source),
  };
}

/** Where an item's quote sits in its source paragraph, for showing the quote in context. */
export interface QuoteInContext {
  /** 1-based paragraph number */
  readonly paragraph: number;
  readonly before: string;
  readonly quote: string;
  readonly after: string;
  /** the neighbouring paragraphs' texts (for a little more context), empty at the edges */
  readonly previous: string;
  readonly next: string;
}

/** Splits the item's paragraph around its quote; undefined when the quote is not (or no longer) there. */
export function quoteInContext(source: LibrarySource, item: LibraryItem): QuoteInContext | undefined {
  const paragraph = source.paragraphs[item.paragraph - 1];
  if (!paragraph) return undefined;
  const at = paragraph.text.indexOf(item.quote);
  if (at < 0) return undefined;
  return {
    paragraph: item.paragraph,
    before: paragraph.text.slice(0, at),
    quote: item.quote,
    after: paragraph.text.slice(at + item.quote.length),
    previous: source.paragraphs[item.paragraph - 2]?.text ?? '',
    next: source.paragraphs[item.paragraph]?.text ?? '',
  };
}

/** The [start, end) of an indicator's written figure inside its quote (valueText at valueIndex). */
export function figureSpanInQuote(item: LibraryItem): readonly [number, number] | undefined {
  if (item.valueText === undefined) return undefined;
  let at = -1;
  for (let k = 0; k <= (item.valueIndex ?? 0); k++) {
    at = item.quote.indexOf(item.valueText, at + 1);
    if (at < 0) return undefined;
  }
  return [at, at + item.valueText.length];
}
