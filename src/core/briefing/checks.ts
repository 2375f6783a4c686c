import type { Block, BlockOf, Briefing, BriefingMeta, TextRun } from '../../shared/briefing';
import { toFrozenItem } from '../library/citation';
import { draftPlace, findContradictions, libraryFigureText } from './contradictions';
import { figureOf, figureText, formatNumber, linkedFigureRun, type LibraryItemLike, type LibrarySourceLike } from './library-blocks';
import { findAsciiPunctuation, toFullWidthPunctuation } from './punctuation';
import { linkedRunSpans, normalizeRuns, runsText, sliceRuns } from './runs';
import { formatChineseDate } from './create';

// 校对 — the checks an official runs before export. Each issue says what is wrong in Chinese,
// where it is (so the editor can jump there) and, where a fix is safe, what the fix does. Pure:
// the library lookup, the glyph report of the PDF engine and today's date come from the caller.

/** Where an issue is. `field` names the text field of a block (see blockFields). */
export type CheckTarget =
  | { readonly kind: 'title' }
  | { readonly kind: 'meta'; readonly field: keyof BriefingMeta }
  | { readonly kind: 'block'; readonly blockId: string; readonly field?: string; readonly offset?: number };

/** A safe one-click fix, as data (applied by applyFix). */
export type CheckFix =
  | { readonly kind: 'set-meta'; readonly patch: Partial<BriefingMeta> }
  | { readonly kind: 'set-heading-level'; readonly blockId: string; readonly level: number }
  | { readonly kind: 'full-width'; readonly target: CheckTarget }
  /** the block's (or its cell's, bar's, or the linked figure's at `offset`) copy back to the library's */
  | { readonly kind: 'restore-figure'; readonly blockId: string; readonly item: LibraryItemLike; readonly cell?: { row: number; col: number }; readonly bar?: number; readonly offset?: number }
  /**
   * 关联资料库数字 — replaces the typed figure `text` at [start, end) of a paragraph's text by `run`,
   * the library's linked figure (applied only while that text is still there, unlinked).
   */
  | { readonly kind: 'link-figure'; readonly blockId: string; readonly start: number; readonly end: number; readonly text: string; readonly run: TextRun }
  | { readonly kind: 'remove-block'; readonly blockId: string }
  | { readonly kind: 'strip-heading-number'; readonly blockId: string };

export type CheckCode =
  | 'figure-mismatch'
  | 'figure-contradiction'
  | 'figure-unsourced'
  | 'item-missing'
  | 'missing-title'
  | 'missing-issue-number'
  | 'missing-date'
  | 'missing-series-name'
  | 'empty-section'
  | 'empty-block'
  | 'heading-skip'
  | 'typed-heading-number'
  | 'ascii-punctuation'
  | 'missing-glyph'
  | 'copies-too-few'
  | 'doc-number-format'
  /** a field the store refused on save (the rest was saved; the field kept its last valid value) */
  | 'field-refused';

export interface CheckIssue {
  /** stable across runs while the problem stays */
  readonly id: string;
  readonly code: CheckCode;
  /** `error` blocks a clean export (the dialog asks before going on), `warning` is advice */
  readonly severity: 'error' | 'warning';
  /** Chinese, complete */
  readonly message: string;
  readonly target: CheckTarget;
  readonly fix?: { readonly label: string; readonly action: CheckFix };
}

/** A character the PDF engine cannot draw with any font, with where it occurs. */
export interface GlyphProblem {
  readonly char: string;
  readonly blockId?: string | null;
  /** where, in words: 标题 / 报头 … when not in a block */
  readonly where?: string | null;
}

export interface ProofreadContext {
  /** The library item `id`, null when the library no longer has it, undefined when not known yet. */
  item(id: string): LibraryItemLike | null | undefined;
  /** From the PDF engine's check. */
  readonly glyphProblems?: readonly GlyphProblem[];
  /** 期号 suggested from the last draft of the series. */
  readonly suggestedIssueNumber?: number | null;
  /** Today, YYYY-MM-DD. */
  readonly today?: string;
  /**
   * The library's items (all of them; measures and 推算 values are ignored), for the contradiction
   * check: a figure typed in the text that names a library metric and place with another value.
   * Without it that check does not run. Pass the same array between runs: its index is cached.
   */
  readonly indicators?: readonly LibraryItemLike[];
  /** A library source by id: cited by the fix that links a figure (without it the citation names no title). */
  source?(sourceId: string): LibrarySourceLike | undefined;
  /** The draft's own place (what 我市 means) when the host knows it; else it is inferred (draftPlace). */
  readonly place?: string;
}

/** The text fields of a block: [field, text]. Field names are stable (used by targets and fixes). */
export function blockFields(block: Block): [string, string][] {
  switch (block.type) {
    case 'heading':
    case 'note':
      return [['text', block.text]];
    case 'paragraph':
      return [['text', runsText(block.runs)]];
    case 'excerpt':
      // The verbatim quote is not the official's to edit.
      return [];
    case 'table':
      return [['caption', block.caption], ...(block.note ? [['note', block.note] as [string, string]] : [])];
    case 'chart':
      return [['title', block.title], ...(block.note ? [['note', block.note] as [string, string]] : [])];
    case 'attachment':
      return [['title', block.title], ...block.paragraphs.map((p, i) => [`paragraph.${i}`, p] as [string, string])];
    case 'pageBreak':
      return [];
  }
}

/** Replaces one text field of a block, character for character (weights of runs are kept). */
export function mapBlockField(block: Block, field: string, fn: (text: string) => string): Block {
  switch (block.type) {
    case 'heading':
    case 'note':
      return field === 'text' ? { ...block, text: fn(block.text) } : block;
    case 'paragraph': {
      if (field !== 'text') return block;
      // Same-length replacement (punctuation): keep each character's weight; a linked figure is
      // the library's and keeps its text.
      let offset = 0;
      const whole = fn(runsText(block.runs));
      const runs = block.runs.map((r) => {
        const text = whole.slice(offset, offset + r.text.length);
        offset += r.text.length;
        return r.link ? r : { ...r, text };
      });
      if (offset < whole.length) runs.push({ text: whole.slice(offset) });
      return { ...block, runs };
    }
    case 'excerpt':
      return block;
    case 'table':
      if (field === 'caption') return { ...block, caption: fn(block.caption) };
      if (field === 'note') return { ...block, note: fn(block.note ?? '') };
      return block;
    case 'chart':
      if (field === 'title') return { ...block, title: fn(block.title) };
      if (field === 'note') return { ...block, note: fn(block.note ?? '') };
      return block;
    case 'attachment': {
      if (field === 'title') return { ...block, title: fn(block.title) };
      const m = /^paragraph\.(\d+)$/.exec(field);
      if (!m) return block;
      const i = Number(m[1]);
      return { ...block, paragraphs: block.paragraphs.map((p, k) => (k === i ? fn(p) : p)) };
    }
    case 'pageBreak':
      return block;
  }
}

const BLOCK_NAMES: Record<Block['type'], string> = {
  heading: '标题',
  paragraph: '段落',
  note: '按语',
  excerpt: '资料摘录',
  table: '对比表',
  chart: '柱状图',
  pageBreak: '分页符',
  attachment: '附件',
};

/** The Chinese name of a block type. */
export function blockTypeName(type: Block['type']): string {
  return BLOCK_NAMES[type];
}

const excerptText = (s: string, max = 14) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** A number with a unit written in running text (3.85%, 1.85万亿元, 287项), not a date or an ordinal. */
const FIGURE_IN_TEXT =
  /(?<![第\d.])(\d+(?:\.\d+)?)\s*(%|％|‰|万亿元|亿元|万元|千元|元|万亿|亿|万人|万户|万家|万个|万|个百分点|个|家|项|人|名|户|所|座|条|件|倍|平方公里|平方米|公里|千米|吨|千瓦|辆|台|套|亩|公顷|份)(?![年月日号期时])/gu;

function linkedFigures(briefing: Briefing): Set<string> {
  const out = new Set<string>();
  const key = (v: number, unit: string) => `${formatNumber(v)}|${unit.replace('％', '%')}`;
  for (const b of briefing.blocks) {
    if (b.type === 'excerpt' && b.frozen.figure) out.add(key(b.frozen.figure.value, b.frozen.figure.unit));
    if (b.type === 'paragraph') for (const r of b.runs) if (r.link?.frozen.figure) out.add(key(r.link.frozen.figure.value, r.link.frozen.figure.unit));
    if (b.type === 'table')
      b.rows.forEach((r) => r.cells.forEach((c, k) => c.itemId && c.value !== undefined && out.add(key(c.value, b.columns[k]?.unit ?? ''))));
    if (b.type === 'chart') b.bars.forEach((bar) => bar.itemId && out.add(key(bar.value, b.unit)));
  }
  return out;
}

function issue(i: CheckIssue): CheckIssue {
  return i;
}

/** A paragraph's text with its linked figures masked (same length, so offsets hold): the official's own words. */
function ownText(runs: readonly TextRun[]): string {
  return runs.map((r) => (r.link ? '\uFFFC'.repeat(r.text.length) : r.text)).join('');
}

/** The source of an item as the citation needs it, when the host gave a lookup and it knows the id. */
function citableSource(context: ProofreadContext, sourceId: string): Parameters<typeof toFrozenItem>[1] {
  const s = context.source?.(sourceId);
  if (!s) return undefined;
  return {
    id: s.id,
    title: s.title,
    outlet: s.outlet,
    dateText: s.date,
    ...(s.originalPublisher ? { originalPublisher: s.originalPublisher } : {}),
    ...(s.kind ? { kind: s.kind } : {}),
  };
}

/** Runs every check; issues come in document order (metadata first). */
export function proofread(briefing: Briefing, context: ProofreadContext): CheckIssue[] {
  const out: CheckIssue[] = [];
  const meta = briefing.meta;

  // --- metadata
  if (meta.seriesName.trim() === '')
    out.push(issue({ id: 'missing-series-name', code: 'missing-series-name', severity: 'error', message: '未填写简报名称（报头的红色大字）。', target: { kind: 'meta', field: 'seriesName' } }));
  // A draft with a 发文字号 is in 公文 form: the 发文字号 takes the 期号's place in the masthead.
  if (meta.issueNumber === null && meta.docNumber.trim() === '') {
    const n = context.suggestedIssueNumber;
    out.push(
      issue({
        id: 'missing-issue-number',
        code: 'missing-issue-number',
        severity: 'error',
        message: '未填写期号，报头将缺少“第×期”。',
        target: { kind: 'meta', field: 'issueNumber' },
        ...(n ? { fix: { label: `填入第${n}期`, action: { kind: 'set-meta', patch: { issueNumber: n } } } } : {}),
      }),
    );
  }
  if (meta.issueDate === null) {
    out.push(
      issue({
        id: 'missing-date',
        code: 'missing-date',
        severity: 'error',
        message: '未填写印发日期。',
        target: { kind: 'meta', field: 'issueDate' },
        ...(context.today ? { fix: { label: `填入今天（${formatChineseDate(context.today)}）`, action: { kind: 'set-meta', patch: { issueDate: context.today } } } } : {}),
      }),
    );
  }
  const docNumber = meta.docNumber.trim();
  const fixedDocNumber = normaliseDocNumber(docNumber);
  if (docNumber !== '' && fixedDocNumber !== docNumber) {
    out.push(
      issue({
        id: 'doc-number-format',
        code: 'doc-number-format',
        severity: 'warning',
        message: `发文字号“${docNumber}”不合公文格式：年份用六角括号“〔〕”括入、标全称，顺序号不编虚位（GB/T 9704 §7.2.4），应为“${fixedDocNumber}”。`,
        target: { kind: 'meta', field: 'docNumber' },
        fix: { label: `改为“${fixedDocNumber}”`, action: { kind: 'set-meta', patch: { docNumber: fixedDocNumber } } },
      }),
    );
  }
  const recipients = [...meta.distribution.bao, ...meta.distribution.song, ...meta.distribution.fa].filter((r) => r.trim() !== '').length;
  if (meta.copies !== null && meta.copies < recipients) {
    out.push(
      issue({
        id: 'copies-too-few',
        code: 'copies-too-few',
        severity: 'error',
        message: `印数 ${meta.copies} 份少于报送对象 ${recipients} 个，不够分发。`,
        target: { kind: 'meta', field: 'copies' },
        fix: { label: `将印数改为 ${recipients} 份`, action: { kind: 'set-meta', patch: { copies: recipients } } },
      }),
    );
  }
  for (const f of findAsciiPunctuation(meta.editorNote).slice(0, 1)) {
    out.push(
      issue({
        id: 'ascii-punctuation:meta.editorNote',
        code: 'ascii-punctuation',
        severity: 'warning',
        message: `按语中有半角标点“${f.char}”，中文应使用全角“${f.replacement}”。`,
        target: { kind: 'meta', field: 'editorNote' },
        fix: { label: '全部改为全角标点', action: { kind: 'full-width', target: { kind: 'meta', field: 'editorNote' } } },
      }),
    );
  }

  // --- title
  if (briefing.title.trim() === '')
    out.push(issue({ id: 'missing-title', code: 'missing-title', severity: 'error', message: '简报还没有标题。', target: { kind: 'title' } }));
  else {
    const found = findAsciiPunctuation(briefing.title);
    if (found.length > 0)
      out.push(
        issue({
          id: 'ascii-punctuation:title',
          code: 'ascii-punctuation',
          severity: 'warning',
          message: `标题中有 ${found.length} 个半角标点（如“${found[0]!.char}”），中文应使用全角“${found[0]!.replacement}”。`,
          target: { kind: 'title' },
          fix: { label: '改为全角标点', action: { kind: 'full-width', target: { kind: 'title' } } },
        }),
      );
  }

  // --- blocks
  const linked = linkedFigures(briefing);
  const library = context.indicators ?? [];
  const home = library.length > 0 ? draftPlace(briefing, library, context.place) : undefined;
  let previousLevel = 0;
  briefing.blocks.forEach((block, index) => {
    const at = (field?: string, offset?: number): CheckTarget => ({ kind: 'block', blockId: block.id, ...(field ? { field } : {}), ...(offset !== undefined ? { offset } : {}) });

    if (block.type === 'heading') {
      if (block.text.trim() === '') {
        out.push(issue({ id: `empty-block:${block.id}`, code: 'empty-block', severity: 'warning', message: '有一个空标题。', target: at('text'), fix: { label: '删除空标题', action: { kind: 'remove-block', blockId: block.id } } }));
      }
      if (block.level > previousLevel + 1) {
        const level = previousLevel + 1;
        out.push(
          issue({
            id: `heading-skip:${block.id}`,
            code: 'heading-skip',
            severity: 'warning',
            message: `标题“${excerptText(block.text)}”是${block.level}级标题，但前面${previousLevel === 0 ? '没有上级标题' : `是${previousLevel}级标题`}，层级跳过了${level}级。`,
            target: at('text'),
            fix: { label: `改为${level}级标题`, action: { kind: 'set-heading-level', blockId: block.id, level } },
          }),
        );
        previousLevel = level;
      } else {
        previousLevel = block.level;
      }
      if (/^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])/u.test(block.text)) {
        out.push(
          issue({
            id: `typed-heading-number:${block.id}`,
            code: 'typed-heading-number',
            severity: 'warning',
            message: `标题“${excerptText(block.text)}”开头手动输入了序号；标题会自动编号，手动序号可以删除。`,
            target: at('text', 0),
            fix: { label: '删除手动序号', action: { kind: 'strip-heading-number', blockId: block.id } },
          }),
        );
      }
      // An empty section: nothing but empty blocks before the next heading of this level or higher.
      let hasContent = false;
      for (let j = index + 1; j < briefing.blocks.length; j++) {
        const next = briefing.blocks[j]!;
        if (next.type === 'heading') {
          if (next.level > block.level) hasContent = true;
          break;
        }
        if (next.type === 'pageBreak') continue;
        if (next.type === 'paragraph' && runsText(next.runs).trim() === '') continue;
        hasContent = true;
        break;
      }
      if (!hasContent && block.text.trim() !== '')
        out.push(issue({ id: `empty-section:${block.id}`, code: 'empty-section', severity: 'warning', message: `“${excerptText(block.text)}”下面还没有内容。`, target: at('text') }));
    }

    if (block.type === 'paragraph' && runsText(block.runs).trim() === '') {
      out.push(issue({ id: `empty-block:${block.id}`, code: 'empty-block', severity: 'warning', message: '有一个空段落。', target: at('text'), fix: { label: '删除空段落', action: { kind: 'remove-block', blockId: block.id } } }));
    }
    if (block.type === 'table' && block.rows.length === 0)
      out.push(issue({ id: `empty-block:${block.id}`, code: 'empty-block', severity: 'warning', message: `对比表“${excerptText(block.caption || '未命名')}”还没有数据。`, target: at() }));
    if (block.type === 'chart' && block.bars.length === 0)
      out.push(issue({ id: `empty-block:${block.id}`, code: 'empty-block', severity: 'warning', message: `柱状图“${excerptText(block.title || '未命名')}”还没有数据。`, target: at() }));

    // Figures against the library.
    if (block.type === 'excerpt') {
      const item = context.item(block.itemId);
      if (item === null) {
        out.push(issue({ id: `item-missing:${block.id}`, code: 'item-missing', severity: 'warning', message: `摘录“${excerptText(block.frozen.subject)}”的资料库条目已不存在，无法核对。`, target: at() }));
      } else if (item) {
        const now = figureOf(item);
        const was = block.frozen.figure;
        const differs = (now && was && (now.value !== was.value || now.unit !== was.unit)) || block.frozen.quote !== item.quote;
        if (differs) {
          out.push(
            issue({
              id: `figure-mismatch:${block.id}`,
              code: 'figure-mismatch',
              severity: 'error',
              message:
                now && was && (now.value !== was.value || now.unit !== was.unit)
                  ? `“${excerptText(block.frozen.subject)}”在简报中为 ${figureText(was)}，资料库中为 ${figureText(now)}。`
                  : `“${excerptText(block.frozen.subject)}”的摘录与资料库原文不一致。`,
              target: at(),
              fix: { label: '更新为资料库内容', action: { kind: 'restore-figure', blockId: block.id, item } },
            }),
          );
        }
      }
    }
    if (block.type === 'paragraph') {
      for (const { run, start } of linkedRunSpans(block.runs)) {
        const { itemId, frozen } = run.link;
        const item = context.item(itemId);
        const name = excerptText(`${frozen.city}${frozen.district ?? ''}${frozen.subject}`, 20);
        if (item === null) {
          out.push(issue({ id: `item-missing:${block.id}:${itemId}`, code: 'item-missing', severity: 'warning', message: `关联数字“${run.text}”（${name}）的资料库条目已不存在，无法核对。`, target: at('text', start) }));
          continue;
        }
        const now = item ? figureOf(item) : undefined;
        const was = frozen.figure;
        if (item && now && was && (now.value !== was.value || now.unit !== was.unit)) {
          out.push(
            issue({
              id: `figure-mismatch:${block.id}:${itemId}`,
              code: 'figure-mismatch',
              severity: 'error',
              message: `关联数字“${name}”在简报中为 ${figureText(was)}，资料库中为 ${figureText(now)}。`,
              target: at('text', start),
              fix: { label: '更新为资料库数字', action: { kind: 'restore-figure', blockId: block.id, item, offset: start } },
            }),
          );
        }
      }
    }
    if (block.type === 'table') {
      block.rows.forEach((row, r) =>
        row.cells.forEach((cell, c) => {
          if (!cell.itemId || cell.derived) return;
          const item = context.item(cell.itemId);
          if (!item || item.value === null || item.value === undefined) return;
          const written = Number(cell.text.replace(/[,，\s]/g, ''));
          const shown = cell.value ?? (Number.isFinite(written) ? written : undefined);
          const textDiffers = cell.text.trim() !== '' && Number.isFinite(written) && written !== item.value;
          if (shown !== item.value || textDiffers) {
            out.push(
              issue({
                id: `figure-mismatch:${block.id}:${r}:${c}`,
                code: 'figure-mismatch',
                severity: 'error',
                message: `对比表中“${row.label}·${block.columns[c]?.label ?? ''}”为 ${cell.text}，资料库中为 ${formatNumber(item.value)}${item.unit ?? ''}。`,
                target: at(`cell.${r}.${c}`),
                fix: { label: '改回资料库数值', action: { kind: 'restore-figure', blockId: block.id, item, cell: { row: r, col: c } } },
              }),
            );
          }
        }),
      );
      const unsourced = block.rows.flatMap((row) => row.cells.filter((c) => !c.itemId && !c.derived && /\d/.test(c.text)).map((c) => `${row.label}：${c.text}`));
      if (unsourced.length > 0)
        out.push(
          issue({
            id: `figure-unsourced:${block.id}`,
            code: 'figure-unsourced',
            severity: 'warning',
            message: `对比表中 ${unsourced.length} 个数字没有来源（${excerptText(unsourced.join('、'), 30)}）。请从资料库重新填入，或在附注中说明来源。`,
            target: at(),
          }),
        );
    }
    if (block.type === 'chart') {
      block.bars.forEach((bar, k) => {
        if (!bar.itemId || bar.derived) return;
        const item = context.item(bar.itemId);
        if (!item || item.value === null || item.value === undefined) return;
        if (bar.value !== item.value)
          out.push(
            issue({
              id: `figure-mismatch:${block.id}:${k}`,
              code: 'figure-mismatch',
              severity: 'error',
              message: `柱状图中“${bar.label}”为 ${formatNumber(bar.value)}，资料库中为 ${formatNumber(item.value)}${item.unit ?? ''}。`,
              target: at(`bar.${k}`),
              fix: { label: '改回资料库数值', action: { kind: 'restore-figure', blockId: block.id, item, bar: k } },
            }),
          );
      });
      const unsourced = block.bars.filter((b) => !b.itemId && !b.derived);
      if (unsourced.length > 0)
        out.push(
          issue({
            id: `figure-unsourced:${block.id}`,
            code: 'figure-unsourced',
            severity: 'warning',
            message: `柱状图中 ${unsourced.length} 个数值没有来源（${excerptText(unsourced.map((b) => b.label).join('、'), 30)}）。`,
            target: at(),
          }),
        );
    }

    // Figures typed into running text: against the library (a contradiction), then without a
    // linked source anywhere in the briefing. Linked figures are the library's own: masked out.
    if (block.type === 'paragraph' || block.type === 'note' || block.type === 'heading') {
      const text = block.type === 'paragraph' ? ownText(block.runs) : block.text;
      const contradicted = new Set<number>();
      if (block.type === 'paragraph' && library.length > 0) {
        const seen = new Map<string, number>();
        for (const c of findContradictions(text, library, home)) {
          contradicted.add(c.start);
          const run = linkedFigureRun(c.item, toFrozenItem(c.item, citableSource(context, c.item.sourceId)));
          const key = `${c.metric}:${c.text}`;
          const n = (seen.get(key) ?? 0) + 1;
          seen.set(key, n);
          const source = context.source?.(c.item.sourceId);
          out.push(
            issue({
              id: `figure-contradiction:${block.id}:${key}${n > 1 ? `:${n}` : ''}`,
              code: 'figure-contradiction',
              severity: 'error',
              message: `文中${c.place}${c.metric}写作 ${c.text}，与资料库不符：资料库中${c.place}${c.metric}为 ${libraryFigureText(c.item)}${c.item.year ? `（${c.item.year}年）` : ''}，见${source ? `《${source.title}》` : '资料库'}${c.item.paragraph ? `第${c.item.paragraph}段` : ''}。`,
              target: at('text', c.start),
              ...(run ? { fix: { label: `改为资料库数字 ${run.text} 并关联来源`, action: { kind: 'link-figure', blockId: block.id, start: c.start, end: c.end, text: c.text, run } } } : {}),
            }),
          );
        }
      }
      const loose: { text: string; index: number }[] = [];
      for (const m of text.matchAll(FIGURE_IN_TEXT)) {
        const key = `${formatNumber(Number(m[1]))}|${m[2]!.replace('％', '%')}`;
        if (!linked.has(key) && !contradicted.has(m.index)) loose.push({ text: m[0], index: m.index });
      }
      if (loose.length > 0)
        out.push(
          issue({
            id: `figure-unsourced:${block.id}`,
            code: 'figure-unsourced',
            severity: 'warning',
            message: `${blockTypeName(block.type)}中的数字 ${loose.slice(0, 3).map((l) => `“${l.text}”`).join('、')}${loose.length > 3 ? ` 等 ${loose.length} 处` : ''} 没有注明来源。可从资料库插入对应指标，让数字可追溯。`,
            target: at('text', loose[0]!.index),
          }),
        );
    }

    // ASCII punctuation inside Chinese.
    for (const [field, text] of blockFields(block)) {
      const found = findAsciiPunctuation(text);
      if (found.length === 0) continue;
      out.push(
        issue({
          id: `ascii-punctuation:${block.id}:${field}`,
          code: 'ascii-punctuation',
          severity: 'warning',
          message: `${blockTypeName(block.type)}中有 ${found.length} 个半角标点（如“${excerptText(text.slice(Math.max(0, found[0]!.index - 6), found[0]!.index + 2), 10)}”中的“${found[0]!.char}”），中文应使用全角“${found[0]!.replacement}”。`,
          target: at(field, found[0]!.index),
          fix: { label: '改为全角标点', action: { kind: 'full-width', target: at(field) } },
        }),
      );
    }
  });

  // --- characters no font can draw (from the PDF engine)
  const byPlace = new Map<string, { chars: Set<string>; problem: GlyphProblem }>();
  for (const p of context.glyphProblems ?? []) {
    const key = p.blockId ?? `:${p.where ?? ''}`;
    const entry = byPlace.get(key) ?? { chars: new Set<string>(), problem: p };
    entry.chars.add(p.char);
    byPlace.set(key, entry);
  }
  for (const [key, { chars, problem }] of byPlace) {
    const list = [...chars].map((c) => `“${c}”（U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}）`).join('、');
    const block = problem.blockId ? briefing.blocks.find((b) => b.id === problem.blockId) : undefined;
    out.push(
      issue({
        id: `missing-glyph:${key}`,
        code: 'missing-glyph',
        severity: 'error',
        message: `${block ? blockTypeName(block.type) : (problem.where ?? '简报')}中的 ${list} 没有任何字体能显示，导出会失败。请改用常用字，或在模板中配置能显示它的字体。`,
        target: block ? { kind: 'block', blockId: block.id } : problem.where === '标题' ? { kind: 'title' } : { kind: 'meta', field: 'seriesName' },
      }),
    );
  }
  return out;
}

function restoreFigure(block: Block, item: LibraryItemLike, fix: Extract<CheckFix, { kind: 'restore-figure' }>): Block {
  const figure = figureOf(item);
  if (block.type === 'excerpt') {
    return { ...block, frozen: { ...block.frozen, quote: item.quote, subject: item.subject, ...(figure ? { figure } : {}) } };
  }
  if (block.type === 'paragraph' && figure) {
    // The linked figure of this item at `offset`, else its first one: the official's words stay.
    const spans = linkedRunSpans(block.runs).filter((l) => l.run.link.itemId === item.id);
    const span = spans.find((l) => l.start === fix.offset) ?? spans[0];
    if (!span) return block;
    const frozen = { ...span.run.link.frozen, quote: item.quote, subject: item.subject, figure };
    const runs = block.runs.map((r, k) => (k === span.index ? { ...r, text: figureText(figure), link: { itemId: item.id, frozen } } : r));
    return { ...block, runs: normalizeRuns(runs) };
  }
  if (block.type === 'table' && fix.cell && item.value !== null && item.value !== undefined) {
    const { row, col } = fix.cell;
    const value = item.value;
    return {
      ...block,
      rows: block.rows.map((r, i) => (i !== row ? r : { ...r, cells: r.cells.map((c, k) => (k !== col ? c : { ...c, text: formatNumber(value), value })) })),
    };
  }
  if (block.type === 'chart' && fix.bar !== undefined && item.value !== null && item.value !== undefined) {
    const value = item.value;
    return { ...block, bars: block.bars.map((b, i) => (i === fix.bar ? { ...b, value } : b)) };
  }
  return block;
}

/** Replaces the typed figure by the linked one, only while the same plain text is still there. */
function linkFigure(block: Block, fix: Extract<CheckFix, { kind: 'link-figure' }>): Block {
  if (block.type !== 'paragraph' || !fix.run.link) return block;
  if (ownText(block.runs).slice(fix.start, fix.end) !== fix.text) return block;
  // Both ends fall in plain text (the masked text matched), so slicing cuts no linked figure.
  return { ...block, runs: normalizeRuns([...sliceRuns(block.runs, 0, fix.start), fix.run, ...sliceRuns(block.runs, fix.end)]) };
}

function mapBlock(briefing: Briefing, id: string, fn: (b: Block) => Block): Briefing {
  return { ...briefing, blocks: briefing.blocks.map((b) => (b.id === id ? fn(b) : b)) };
}

/** Applies a fix; returns the briefing unchanged when the fix no longer applies. */
export function applyFix(briefing: Briefing, fix: CheckFix): Briefing {
  switch (fix.kind) {
    case 'set-meta':
      return { ...briefing, meta: { ...briefing.meta, ...fix.patch } };
    case 'set-heading-level':
      return mapBlock(briefing, fix.blockId, (b) => (b.type === 'heading' ? { ...b, level: Math.max(1, Math.min(4, fix.level)) } : b));
    case 'remove-block':
      return { ...briefing, blocks: briefing.blocks.filter((b) => b.id !== fix.blockId) };
    case 'strip-heading-number':
      return mapBlock(briefing, fix.blockId, (b) =>
        b.type === 'heading' ? { ...b, text: b.text.replace(/^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])\s*/u, '') } : b,
      );
    case 'restore-figure':
      return mapBlock(briefing, fix.blockId, (b) => restoreFigure(b, fix.item, fix));
    case 'link-figure':
      return mapBlock(briefing, fix.blockId, (b) => linkFigure(b, fix));
    case 'full-width': {
      const t = fix.target;
      if (t.kind === 'title') return { ...briefing, title: toFullWidthPunctuation(briefing.title) };
      if (t.kind === 'meta') {
        const value = briefing.meta[t.field];
        return typeof value === 'string' ? { ...briefing, meta: { ...briefing.meta, [t.field]: toFullWidthPunctuation(value) } } : briefing;
      }
      return mapBlock(briefing, t.blockId, (b) => {
        const fields = t.field ? [t.field] : blockFields(b).map(([f]) => f);
        return fields.reduce((acc, f) => mapBlockField(acc, f, toFullWidthPunctuation), b);
      });
    }
  }
}

/** Blocks of one type (typed helper for callers). */
export function blocksOf<T extends Block['type']>(briefing: Briefing, type: T): BlockOf<T>[] {
  return briefing.blocks.filter((b): b is BlockOf<T> => b.type === type);
}

/**
 * A 发文字号 the way GB/T 9704 §7.2.4 writes it: the year in 六角括号 〔2025〕 (not [2025], (2025),
 * 【2025】 or 〈2025〉), the sequence number without leading zeros (12号, not 012号), no spaces.
 */
export function normaliseDocNumber(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, '')
    .replace(/[[［(（【〈<《{｛]\s*(\d{4})\s*[\]］)）】〉>》}｝]/g, '〔$1〕')
    .replace(/〕0+(\d)/g, '〕$1');
}
