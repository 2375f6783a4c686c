import type { Block, Briefing, BriefingMeta } from '../../shared/briefing';
import { blockFields, blockTypeName, normaliseDocNumber, ownText, type CheckIssue, type CheckTarget, type GlyphProblem, type ProofreadContext } from './checks';
import { draftPlace, findContradictions, libraryFigureText } from './contradictions';
import { formatChineseDate } from './create';
import { figureOf, figureText, formatNumber, linkedFigureRun, type LibraryItemLike } from './library-blocks';
import { findAsciiPunctuation } from './punctuation';
import { linkedRunSpans, runsText } from './runs';

// 校对's rules: each one small, named, saying what it checks and returning its issues. A rule runs
// once per briefing (`briefing`) or once per block (`block`); the runner (`proofread`) keeps the
// order of the list, running each stretch of block rules block by block, so issues come in
// document order (metadata first, then the title, the blocks, and the characters no font draws).

/** What every rule may read: the briefing, the caller's context and what is computed once per run. */
export interface CheckEnv {
  readonly briefing: Briefing;
  readonly context: ProofreadContext;
  /** `value|unit` of every figure the briefing links somewhere (a typed copy of one is sourced) */
  readonly linked: ReadonlySet<string>;
  /** The library's items for the contradiction check (empty: that check does not run). */
  readonly library: readonly LibraryItemLike[];
  /** What 我市 means in this draft (only when the library is known). */
  readonly home: string | undefined;
  /** The heading level in force before each block, as heading-skip corrects it. */
  readonly levelBefore: readonly number[];
}

export type CheckRule =
  | { readonly id: string; readonly checks: string; readonly scope: 'briefing'; run(env: CheckEnv): CheckIssue[] }
  | { readonly id: string; readonly checks: string; readonly scope: 'block'; run(block: Block, index: number, env: CheckEnv): CheckIssue[] };

const excerptText = (s: string, max = 14) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** Where in a block: its field, the character offset in it and how many characters. */
function at(block: Block, field?: string, offset?: number, length?: number): CheckTarget {
  return {
    kind: 'block',
    blockId: block.id,
    ...(field ? { field } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(offset !== undefined && length !== undefined ? { length } : {}),
  };
}

/** A number with a unit written in running text (3.85%, 1.85万亿元, 287项), not a date or an ordinal. */
const FIGURE_IN_TEXT =
  /(?<![第\d.])(\d+(?:\.\d+)?)\s*(%|％|‰|万亿元|亿元|万元|千元|元|万亿|亿|万人|万户|万家|万个|万|个百分点|个|家|项|人|名|户|所|座|条|件|倍|平方公里|平方米|公里|千米|吨|千瓦|辆|台|套|亩|公顷|份)(?![年月日号期时])/gu;

/** A heading number typed by hand (一、 （二） 3.). */
const TYPED_HEADING_NUMBER = /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])/u;

const figureKey = (v: number, unit: string) => `${formatNumber(v)}|${unit.replace('％', '%')}`;

function linkedFigures(briefing: Briefing): Set<string> {
  const out = new Set<string>();
  for (const b of briefing.blocks) {
    if (b.type === 'excerpt' && b.frozen.figure) out.add(figureKey(b.frozen.figure.value, b.frozen.figure.unit));
    if (b.type === 'paragraph') for (const r of b.runs) if (r.link?.frozen.figure) out.add(figureKey(r.link.frozen.figure.value, r.link.frozen.figure.unit));
    if (b.type === 'table')
      b.rows.forEach((r) => r.cells.forEach((c, k) => c.itemId && c.value !== undefined && out.add(figureKey(c.value, b.columns[k]?.unit ?? ''))));
    if (b.type === 'chart') b.bars.forEach((bar) => bar.itemId && out.add(figureKey(bar.value, b.unit)));
  }
  return out;
}

/** The heading level in force before each block: a skipped level counts as the one it should have been. */
function levelsBefore(blocks: readonly Block[]): number[] {
  let previous = 0;
  return blocks.map((b) => {
    const before = previous;
    if (b.type === 'heading') previous = b.level > before + 1 ? before + 1 : b.level;
    return before;
  });
}

// --- metadata and title

const seriesName: CheckRule = {
  id: 'missing-series-name',
  checks: '简报名称（报头的红色大字）已填写',
  scope: 'briefing',
  run: ({ briefing }) =>
    briefing.meta.seriesName.trim() === ''
      ? [{ id: 'missing-series-name', code: 'missing-series-name', severity: 'error', message: '未填写简报名称（报头的红色大字）。', target: { kind: 'meta', field: 'seriesName' } }]
      : [],
};

const issueNumber: CheckRule = {
  id: 'missing-issue-number',
  checks: '期号已填写（有发文字号的公文形式不需要：发文字号占期号的位置）',
  scope: 'briefing',
  run: ({ briefing: { meta }, context }) => {
    if (meta.issueNumber !== null || meta.docNumber.trim() !== '') return [];
    const n = context.suggestedIssueNumber;
    return [
      {
        id: 'missing-issue-number',
        code: 'missing-issue-number',
        severity: 'error',
        message: '未填写期号，报头将缺少“第×期”。',
        target: { kind: 'meta', field: 'issueNumber' },
        ...(n ? { fix: { label: `填入第${n}期`, action: { kind: 'set-meta', patch: { issueNumber: n } } } } : {}),
      },
    ];
  },
};

const issueDate: CheckRule = {
  id: 'missing-date',
  checks: '印发日期已填写',
  scope: 'briefing',
  run: ({ briefing: { meta }, context }) =>
    meta.issueDate === null
      ? [
          {
            id: 'missing-date',
            code: 'missing-date',
            severity: 'error',
            message: '未填写印发日期。',
            target: { kind: 'meta', field: 'issueDate' },
            ...(context.today ? { fix: { label: `填入今天（${formatChineseDate(context.today)}）`, action: { kind: 'set-meta', patch: { issueDate: context.today } } } } : {}),
          },
        ]
      : [],
};

const docNumber: CheckRule = {
  id: 'doc-number-format',
  checks: '发文字号合 GB/T 9704 §7.2.4 的写法',
  scope: 'briefing',
  run: ({ briefing: { meta } }) => {
    const typed = meta.docNumber.trim();
    const fixed = normaliseDocNumber(typed);
    if (typed === '' || fixed === typed) return [];
    return [
      {
        id: 'doc-number-format',
        code: 'doc-number-format',
        severity: 'warning',
        message: `发文字号“${typed}”不合公文格式：年份用六角括号“〔〕”括入、标全称，顺序号不编虚位（GB/T 9704 §7.2.4），应为“${fixed}”。`,
        target: { kind: 'meta', field: 'docNumber' },
        fix: { label: `改为“${fixed}”`, action: { kind: 'set-meta', patch: { docNumber: fixed } } },
      },
    ];
  },
};

const copies: CheckRule = {
  id: 'copies-too-few',
  checks: '印数不少于报送对象',
  scope: 'briefing',
  run: ({ briefing: { meta } }) => {
    const recipients = [...meta.distribution.bao, ...meta.distribution.song, ...meta.distribution.fa].filter((r) => r.trim() !== '').length;
    if (meta.copies === null || meta.copies >= recipients) return [];
    return [
      {
        id: 'copies-too-few',
        code: 'copies-too-few',
        severity: 'error',
        message: `印数 ${meta.copies} 份少于报送对象 ${recipients} 个，不够分发。`,
        target: { kind: 'meta', field: 'copies' },
        fix: { label: `将印数改为 ${recipients} 份`, action: { kind: 'set-meta', patch: { copies: recipients } } },
      },
    ];
  },
};

const editorNotePunctuation: CheckRule = {
  id: 'ascii-punctuation:meta',
  checks: '按语（编者按）中没有半角标点',
  scope: 'briefing',
  run: ({ briefing: { meta } }) =>
    findAsciiPunctuation(meta.editorNote)
      .slice(0, 1)
      .map((f) => ({
        id: 'ascii-punctuation:meta.editorNote',
        code: 'ascii-punctuation',
        severity: 'warning',
        message: `按语中有半角标点“${f.char}”，中文应使用全角“${f.replacement}”。`,
        target: { kind: 'meta', field: 'editorNote' },
        fix: { label: '全部改为全角标点', action: { kind: 'full-width', target: { kind: 'meta', field: 'editorNote' } } },
      })),
};

const title: CheckRule = {
  id: 'title',
  checks: '有标题，标题中没有半角标点',
  scope: 'briefing',
  run: ({ briefing }) => {
    if (briefing.title.trim() === '') return [{ id: 'missing-title', code: 'missing-title', severity: 'error', message: '简报还没有标题。', target: { kind: 'title' } }];
    const found = findAsciiPunctuation(briefing.title);
    if (found.length === 0) return [];
    return [
      {
        id: 'ascii-punctuation:title',
        code: 'ascii-punctuation',
        severity: 'warning',
        message: `标题中有 ${found.length} 个半角标点（如“${found[0]!.char}”），中文应使用全角“${found[0]!.replacement}”。`,
        target: { kind: 'title' },
        fix: { label: '改为全角标点', action: { kind: 'full-width', target: { kind: 'title' } } },
      },
    ];
  },
};

// --- headings

const emptyHeading: CheckRule = {
  id: 'empty-heading',
  checks: '没有空标题',
  scope: 'block',
  run: (block) =>
    block.type === 'heading' && block.text.trim() === ''
      ? [{ id: `empty-block:${block.id}`, code: 'empty-block', severity: 'warning', message: '有一个空标题。', target: at(block, 'text'), fix: { label: '删除空标题', action: { kind: 'remove-block', blockId: block.id } } }]
      : [],
};

const headingSkip: CheckRule = {
  id: 'heading-skip',
  checks: '标题层级逐级展开，不跳级',
  scope: 'block',
  run: (block, index, env) => {
    const previous = env.levelBefore[index]!;
    if (block.type !== 'heading' || block.level <= previous + 1) return [];
    const level = previous + 1;
    return [
      {
        id: `heading-skip:${block.id}`,
        code: 'heading-skip',
        severity: 'warning',
        message: `标题“${excerptText(block.text)}”是${block.level}级标题，但前面${previous === 0 ? '没有上级标题' : `是${previous}级标题`}，层级跳过了${level}级。`,
        target: at(block, 'text'),
        fix: { label: `改为${level}级标题`, action: { kind: 'set-heading-level', blockId: block.id, level } },
      },
    ];
  },
};

const typedHeadingNumber: CheckRule = {
  id: 'typed-heading-number',
  checks: '标题开头没有手动输入的序号（标题自动编号）',
  scope: 'block',
  run: (block) => {
    const typed = block.type === 'heading' ? TYPED_HEADING_NUMBER.exec(block.text) : null;
    if (block.type !== 'heading' || !typed) return [];
    return [
      {
        id: `typed-heading-number:${block.id}`,
        code: 'typed-heading-number',
        severity: 'warning',
        message: `标题“${excerptText(block.text)}”开头手动输入了序号；标题会自动编号，手动序号可以删除。`,
        target: at(block, 'text', 0, typed[0].length),
        fix: { label: '删除手动序号', action: { kind: 'strip-heading-number', blockId: block.id } },
      },
    ];
  },
};

const emptySection: CheckRule = {
  id: 'empty-section',
  checks: '每个标题下面都有内容（到下一个同级或更高级标题为止）',
  scope: 'block',
  run: (block, index, { briefing }) => {
    if (block.type !== 'heading' || block.text.trim() === '') return [];
    for (let j = index + 1; j < briefing.blocks.length; j++) {
      const next = briefing.blocks[j]!;
      if (next.type === 'heading') {
        if (next.level > block.level) return [];
        break;
      }
      if (next.type === 'pageBreak') continue;
      if (next.type === 'paragraph' && runsText(next.runs).trim() === '') continue;
      return [];
    }
    return [{ id: `empty-section:${block.id}`, code: 'empty-section', severity: 'warning', message: `“${excerptText(block.text)}”下面还没有内容。`, target: at(block, 'text') }];
  },
};

// --- empty blocks

const emptyBlock: CheckRule = {
  id: 'empty-block',
  checks: '没有空段落、没有数据的表和图',
  scope: 'block',
  run: (block): CheckIssue[] => {
    const id = `empty-block:${block.id}`;
    if (block.type === 'paragraph' && runsText(block.runs).trim() === '')
      return [{ id, code: 'empty-block', severity: 'warning', message: '有一个空段落。', target: at(block, 'text'), fix: { label: '删除空段落', action: { kind: 'remove-block', blockId: block.id } } }];
    if (block.type === 'table' && block.rows.length === 0)
      return [{ id, code: 'empty-block', severity: 'warning', message: `对比表“${excerptText(block.caption || '未命名')}”还没有数据。`, target: at(block) }];
    if (block.type === 'chart' && block.bars.length === 0)
      return [{ id, code: 'empty-block', severity: 'warning', message: `柱状图“${excerptText(block.title || '未命名')}”还没有数据。`, target: at(block) }];
    return [];
  },
};

// --- figures against the library

const excerptAgainstLibrary: CheckRule = {
  id: 'excerpt-library',
  checks: '资料摘录与资料库原文、数字一致，条目仍在',
  scope: 'block',
  run: (block, _index, { context }): CheckIssue[] => {
    if (block.type !== 'excerpt') return [];
    const item = context.item(block.itemId);
    if (item === null)
      return [{ id: `item-missing:${block.id}`, code: 'item-missing', severity: 'warning', message: `摘录“${excerptText(block.frozen.subject)}”的资料库条目已不存在，无法核对。`, target: at(block) }];
    if (!item) return [];
    const now = figureOf(item);
    const was = block.frozen.figure;
    const figureDiffers = Boolean(now && was && (now.value !== was.value || now.unit !== was.unit));
    if (!figureDiffers && block.frozen.quote === item.quote) return [];
    return [
      {
        id: `figure-mismatch:${block.id}`,
        code: 'figure-mismatch',
        severity: 'error',
        message:
          figureDiffers && now && was
            ? `“${excerptText(block.frozen.subject)}”在简报中为 ${figureText(was)}，资料库中为 ${figureText(now)}。`
            : `“${excerptText(block.frozen.subject)}”的摘录与资料库原文不一致。`,
        target: at(block),
        fix: { label: '更新为资料库内容', action: { kind: 'restore-figure', blockId: block.id, item } },
      },
    ];
  },
};

const linkedFiguresAgainstLibrary: CheckRule = {
  id: 'linked-figure-library',
  checks: '段落中关联的数字与资料库一致，条目仍在',
  scope: 'block',
  run: (block, _index, { context }) => {
    if (block.type !== 'paragraph') return [];
    const out: CheckIssue[] = [];
    for (const { run, start } of linkedRunSpans(block.runs)) {
      const { itemId, frozen } = run.link;
      const item = context.item(itemId);
      const name = excerptText(`${frozen.city}${frozen.district ?? ''}${frozen.subject}`, 20);
      const where = at(block, 'text', start, run.text.length);
      if (item === null) {
        out.push({ id: `item-missing:${block.id}:${itemId}`, code: 'item-missing', severity: 'warning', message: `关联数字“${run.text}”（${name}）的资料库条目已不存在，无法核对。`, target: where });
        continue;
      }
      const now = item ? figureOf(item) : undefined;
      const was = frozen.figure;
      if (item && now && was && (now.value !== was.value || now.unit !== was.unit))
        out.push({
          id: `figure-mismatch:${block.id}:${itemId}`,
          code: 'figure-mismatch',
          severity: 'error',
          message: `关联数字“${name}”在简报中为 ${figureText(was)}，资料库中为 ${figureText(now)}。`,
          target: where,
          fix: { label: '更新为资料库数字', action: { kind: 'restore-figure', blockId: block.id, item, offset: start } },
        });
    }
    return out;
  },
};

/** The newer figure's wording for a superseded item's warning: 2025年 1.9万亿元. */
function newerText(context: ProofreadContext, id: string): string {
  const newer = context.item(id);
  if (!newer) return '';
  const figure = figureOf(newer);
  return `（${newer.year ? `${newer.year}年 ` : ''}${figure ? figureText(figure) : excerptText(newer.subject)}）`;
}

/** Excerpts and linked figures citing an item a newer figure of the same metric and place supersedes. */
const supersededItems: CheckRule = {
  id: 'superseded-item',
  checks: '引用的资料库数字没有被同一指标、同一地区的更新数字取代',
  scope: 'block',
  run: (block, _index, { context }) => {
    const cited: { itemId: string; name: string; target: CheckTarget }[] = [];
    if (block.type === 'excerpt') cited.push({ itemId: block.itemId, name: excerptText(block.frozen.subject), target: at(block) });
    if (block.type === 'paragraph')
      for (const { run, start } of linkedRunSpans(block.runs))
        cited.push({ itemId: run.link.itemId, name: `“${run.text}”（${excerptText(`${run.link.frozen.city}${run.link.frozen.subject}`, 20)}）`, target: at(block, 'text', start, run.text.length) });
    return cited.flatMap(({ itemId, name, target }) => {
      const item = context.item(itemId);
      if (!item?.supersededBy) return [];
      return [
        {
          id: `item-superseded:${block.id}:${itemId}`,
          code: 'item-superseded' as const,
          severity: 'warning' as const,
          message: `${block.type === 'excerpt' ? '摘录' : '关联数字'}${name}${item.year ? `为${item.year}年数据，` : ''}资料库已有同一指标、同一地区的更新数字${newerText(context, item.supersededBy)}，请核实是否改用。`,
          target,
        },
      ];
    });
  },
};

const tableAgainstLibrary: CheckRule = {
  id: 'table-library',
  checks: '对比表的数字与资料库一致，没有来源不明的数字',
  scope: 'block',
  run: (block, _index, { context }) => {
    if (block.type !== 'table') return [];
    const out: CheckIssue[] = [];
    block.rows.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        if (!cell.itemId || cell.derived) return;
        const item = context.item(cell.itemId);
        if (!item || item.value === null || item.value === undefined) return;
        const written = Number(cell.text.replace(/[,，\s]/g, ''));
        const shown = cell.value ?? (Number.isFinite(written) ? written : undefined);
        const textDiffers = cell.text.trim() !== '' && Number.isFinite(written) && written !== item.value;
        if (shown !== item.value || textDiffers)
          out.push({
            id: `figure-mismatch:${block.id}:${r}:${c}`,
            code: 'figure-mismatch',
            severity: 'error',
            message: `对比表中“${row.label}·${block.columns[c]?.label ?? ''}”为 ${cell.text}，资料库中为 ${formatNumber(item.value)}${item.unit ?? ''}。`,
            target: at(block, `cell.${r}.${c}`),
            fix: { label: '改回资料库数值', action: { kind: 'restore-figure', blockId: block.id, item, cell: { row: r, col: c } } },
          });
      }),
    );
    const unsourced = block.rows.flatMap((row) => row.cells.filter((c) => !c.itemId && !c.derived && /\d/.test(c.text)).map((c) => `${row.label}：${c.text}`));
    if (unsourced.length > 0)
      out.push({
        id: `figure-unsourced:${block.id}`,
        code: 'figure-unsourced',
        severity: 'warning',
        message: `对比表中 ${unsourced.length} 个数字没有来源（${excerptText(unsourced.join('、'), 30)}）。请从资料库重新填入，或在附注中说明来源。`,
        target: at(block),
      });
    return out;
  },
};

const chartAgainstLibrary: CheckRule = {
  id: 'chart-library',
  checks: '柱状图的数值与资料库一致，没有来源不明的数值',
  scope: 'block',
  run: (block, _index, { context }) => {
    if (block.type !== 'chart') return [];
    const out: CheckIssue[] = [];
    block.bars.forEach((bar, k) => {
      if (!bar.itemId || bar.derived) return;
      const item = context.item(bar.itemId);
      if (!item || item.value === null || item.value === undefined || bar.value === item.value) return;
      out.push({
        id: `figure-mismatch:${block.id}:${k}`,
        code: 'figure-mismatch',
        severity: 'error',
        message: `柱状图中“${bar.label}”为 ${formatNumber(bar.value)}，资料库中为 ${formatNumber(item.value)}${item.unit ?? ''}。`,
        target: at(block, `bar.${k}`),
        fix: { label: '改回资料库数值', action: { kind: 'restore-figure', blockId: block.id, item, bar: k } },
      });
    });
    const unsourced = block.bars.filter((b) => !b.itemId && !b.derived);
    if (unsourced.length > 0)
      out.push({
        id: `figure-unsourced:${block.id}`,
        code: 'figure-unsourced',
        severity: 'warning',
        message: `柱状图中 ${unsourced.length} 个数值没有来源（${excerptText(unsourced.map((b) => b.label).join('、'), 30)}）。`,
        target: at(block),
      });
    return out;
  },
};

/**
 * Figures typed into running text: against the library (a contradiction, with a fix that links the
 * library's figure), then without a linked source anywhere in the briefing. Linked figures are the
 * library's own: masked out.
 */
const figuresInText: CheckRule = {
  id: 'figures-in-text',
  checks: '正文中手写的数字与资料库不矛盾，并有来源',
  scope: 'block',
  run: (block, _index, { context, linked, library, home }) => {
    if (block.type !== 'paragraph' && block.type !== 'note' && block.type !== 'heading') return [];
    const out: CheckIssue[] = [];
    const text = block.type === 'paragraph' ? ownText(block.runs) : block.text;
    const contradicted = new Set<number>();
    if (block.type === 'paragraph' && library.length > 0) {
      const seen = new Map<string, number>();
      for (const c of findContradictions(text, library, home)) {
        contradicted.add(c.start);
        const source = context.source?.(c.item.sourceId);
        // frozen with its citation the one way (toFrozenItem, inside linkedFigureRun)
        const run = linkedFigureRun(c.item, undefined, source);
        const key = `${c.metric}:${c.text}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        out.push({
          id: `figure-contradiction:${block.id}:${key}${n > 1 ? `:${n}` : ''}`,
          code: 'figure-contradiction',
          severity: 'error',
          message: `文中${c.place}${c.metric}写作 ${c.text}，与资料库不符：资料库中${c.place}${c.metric}为 ${libraryFigureText(c.item)}${c.item.year ? `（${c.item.year}年）` : ''}，见${source ? `《${source.title}》` : '资料库'}${c.item.paragraph ? `第${c.item.paragraph}段` : ''}。`,
          target: at(block, 'text', c.start, c.end - c.start),
          ...(run ? { fix: { label: `改为资料库数字 ${run.text} 并关联来源`, action: { kind: 'link-figure', blockId: block.id, start: c.start, end: c.end, text: c.text, run } } } : {}),
        });
      }
    }
    const loose: { text: string; index: number }[] = [];
    for (const m of text.matchAll(FIGURE_IN_TEXT)) {
      if (!linked.has(figureKey(Number(m[1]), m[2]!)) && !contradicted.has(m.index)) loose.push({ text: m[0], index: m.index });
    }
    if (loose.length > 0)
      out.push({
        id: `figure-unsourced:${block.id}`,
        code: 'figure-unsourced',
        severity: 'warning',
        message: `${blockTypeName(block.type)}中的数字 ${loose
          .slice(0, 3)
          .map((l) => `“${l.text}”`)
          .join('、')}${loose.length > 3 ? ` 等 ${loose.length} 处` : ''} 没有注明来源。可从资料库插入对应指标，让数字可追溯。`,
        target: at(block, 'text', loose[0]!.index, loose[0]!.text.length),
      });
    return out;
  },
};

// --- typography

const asciiPunctuation: CheckRule = {
  id: 'ascii-punctuation',
  checks: '中文中没有半角标点',
  scope: 'block',
  run: (block) =>
    blockFields(block).flatMap(([field, text]): CheckIssue[] => {
      const found = findAsciiPunctuation(text);
      if (found.length === 0) return [];
      const first = found[0]!;
      return [
        {
          id: `ascii-punctuation:${block.id}:${field}`,
          code: 'ascii-punctuation',
          severity: 'warning',
          message: `${blockTypeName(block.type)}中有 ${found.length} 个半角标点（如“${excerptText(text.slice(Math.max(0, first.index - 6), first.index + 2), 10)}”中的“${first.char}”），中文应使用全角“${first.replacement}”。`,
          target: at(block, field, first.index, first.char.length),
          fix: { label: '改为全角标点', action: { kind: 'full-width', target: at(block, field) } },
        },
      ];
    }),
};

// --- characters no font can draw (from the PDF engine, located in the briefing by the caller)

const META_NAMES: Partial<Record<keyof BriefingMeta, string>> = {
  seriesName: '简报名称',
  publisher: '编印单位',
  docNumber: '发文字号',
  classification: '密级',
  urgency: '紧急程度',
  editorNote: '按语',
};

function glyphTarget(briefing: Briefing, p: GlyphProblem): { target: CheckTarget; name: string } {
  const block = p.blockId ? briefing.blocks.find((b) => b.id === p.blockId) : undefined;
  if (block) return { target: at(block, p.field, p.offset, p.offset !== undefined ? p.char.length : undefined), name: blockTypeName(block.type) };
  if (p.field === 'title') return { target: { kind: 'title' }, name: '标题' };
  const metaName = p.field ? META_NAMES[p.field as keyof BriefingMeta] : undefined;
  if (metaName) return { target: { kind: 'meta', field: p.field as keyof BriefingMeta }, name: metaName };
  // Only in the template's own text (its name, labels): the masthead is where it shows.
  return { target: { kind: 'meta', field: 'seriesName' }, name: '模板' };
}

const missingGlyphs: CheckRule = {
  id: 'missing-glyph',
  checks: '每个字符都有字体能显示（字符由 PDF 引擎报告）',
  scope: 'briefing',
  run: ({ briefing, context }) => {
    const byPlace = new Map<string, { chars: Set<string>; problem: GlyphProblem }>();
    for (const p of context.glyphProblems ?? []) {
      const key = p.blockId ?? `:${p.field ?? ''}`;
      const entry = byPlace.get(key) ?? { chars: new Set<string>(), problem: p };
      entry.chars.add(p.char);
      byPlace.set(key, entry);
    }
    return [...byPlace].map(([key, { chars, problem }]) => {
      const list = [...chars].map((c) => `“${c}”（U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}）`).join('、');
      const { target, name } = glyphTarget(briefing, problem);
      return {
        id: `missing-glyph:${key}`,
        code: 'missing-glyph',
        severity: 'error',
        message: `${name}中的 ${list} 没有任何字体能显示，导出会失败。请改用常用字，或在模板中配置能显示它的字体。`,
        target,
      };
    });
  },
};

/** Every rule, in the order their issues are listed. */
export const CHECK_RULES: readonly CheckRule[] = [
  seriesName,
  issueNumber,
  issueDate,
  docNumber,
  copies,
  editorNotePunctuation,
  title,
  emptyHeading,
  headingSkip,
  typedHeadingNumber,
  emptySection,
  emptyBlock,
  excerptAgainstLibrary,
  linkedFiguresAgainstLibrary,
  tableAgainstLibrary,
  chartAgainstLibrary,
  supersededItems,
  figuresInText,
  asciiPunctuation,
  missingGlyphs,
];

/** Runs the rules; a stretch of block rules runs block by block, so issues come in document order. */
export function proofread(briefing: Briefing, context: ProofreadContext, rules: readonly CheckRule[] = CHECK_RULES): CheckIssue[] {
  const library = context.indicators ?? [];
  const env: CheckEnv = {
    briefing,
    context,
    linked: linkedFigures(briefing),
    library,
    home: library.length > 0 ? draftPlace(briefing, library, context.place) : undefined,
    levelBefore: levelsBefore(briefing.blocks),
  };
  const out: CheckIssue[] = [];
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i]!;
    if (rule.scope === 'briefing') {
      out.push(...rule.run(env));
      i++;
      continue;
    }
    let end = i;
    while (end < rules.length && rules[end]!.scope === 'block') end++;
    const stretch = rules.slice(i, end) as Extract<CheckRule, { scope: 'block' }>[];
    briefing.blocks.forEach((block, index) => stretch.forEach((r) => out.push(...r.run(block, index, env))));
    i = end;
  }
  return out;
}
