// fast-check arbitraries of briefings and a ready editing state, for the editor's tests.
import fc from 'fast-check';
import type { Block, Briefing, FrozenItem, TextRun } from '../../shared/briefing';
import { createBriefing } from '../../core/briefing';
import { createBodyState } from './body';

const ids = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
/** Text as officials type it: Chinese, ASCII, full-width punctuation, digits, a rare emoji. */
const text = fc.string({ unit: fc.constantFrom(...'我市技术转化率为28%。，；“”（）abc 1.5万亿元\u3000😀'), maxLength: 24 });
const nonEmpty = text.filter((t) => t !== '');

export const frozenArb: fc.Arbitrary<FrozenItem> = fc.record({
  kind: fc.constant('indicator' as const),
  city: fc.constantFrom('南京', '杭州'),
  subject: fc.constantFrom('技术转化率', '私募基金管理规模'),
  quote: nonEmpty,
  figure: fc.record({ value: fc.double({ min: -1e6, max: 1e6, noNaN: true }), unit: fc.constantFrom('%', '亿元', '家') }),
  citation: fc.record({
    sourceId: fc.constantFrom('src-1', 'src-3'),
    sourceTitle: fc.constantFrom('杭州有DeepSeek,我们有什么?', '新春第一会'),
    outlet: fc.constant('上海证券报'),
    date: fc.constant('2025-02-08'),
    paragraph: fc.integer({ min: 1, max: 40 }),
  }),
});

const linkRun: fc.Arbitrary<TextRun> = fc.record({ text: nonEmpty, itemId: ids, frozen: frozenArb, bold: fc.boolean() }).map(({ text, itemId, frozen, bold }) =>
  bold ? { text, bold: true, link: { itemId, frozen } } : { text, link: { itemId, frozen } },
);
const plainRun: fc.Arbitrary<TextRun> = fc.record({ text: nonEmpty, bold: fc.boolean() }).map(({ text, bold }) => (bold ? { text, bold: true } : { text }));

/** Normalised runs, as the editor writes them: no empty run, neighbours of one weight merged. */
export const runsArb: fc.Arbitrary<TextRun[]> = fc.array(fc.oneof(plainRun, linkRun), { maxLength: 6 }).map((runs) => {
  const out: TextRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && !last.link && !r.link && (last.bold === true) === (r.bold === true)) out[out.length - 1] = { ...last, text: last.text + r.text };
    else out.push(r);
  }
  return out.length === 0 ? [{ text: '' }] : out;
});

function blockArb(id: string): fc.Arbitrary<Block> {
  return fc.oneof(
    { weight: 5, arbitrary: runsArb.map((runs): Block => ({ id, type: 'paragraph', runs })) },
    { weight: 2, arbitrary: fc.record({ level: fc.integer({ min: 1, max: 4 }), text }).map(({ level, text }): Block => ({ id, type: 'heading', level, text })) },
    { weight: 1, arbitrary: fc.record({ label: fc.option(fc.constantFrom('按', '编者按'), { nil: undefined }), text }).map(({ label, text }): Block => (label === undefined ? { id, type: 'note', text } : { id, type: 'note', label, text })) },
    { weight: 1, arbitrary: fc.record({ title: text, paragraphs: fc.array(text, { maxLength: 3 }) }).map(({ title, paragraphs }): Block => ({ id, type: 'attachment', title, paragraphs })) },
    { weight: 1, arbitrary: fc.constant<Block>({ id, type: 'pageBreak' }) },
    { weight: 1, arbitrary: fc.record({ itemId: ids, frozen: frozenArb }).map(({ itemId, frozen }): Block => ({ id, type: 'excerpt', itemId, frozen }) as Block) },
    {
      weight: 1,
      arbitrary: fc.record({ caption: text, cell: text }).map(({ caption, cell }): Block => ({ id, type: 'table', caption, columns: [{ label: '技术转化率', unit: '%' }], rows: [{ label: '南京', cells: [{ text: cell }] }] })),
    },
    { weight: 1, arbitrary: fc.record({ title: text, value: fc.integer() }).map(({ title, value }): Block => ({ id, type: 'chart', title, unit: '%', bars: [{ label: '南京', value, itemId: 'nj' }] })) },
  );
}

/** A valid briefing with normalised runs and unique block ids. */
export const briefingArb: fc.Arbitrary<Briefing> = fc
  .tuple(fc.uniqueArray(ids, { maxLength: 8 }), text)
  .chain(([blockIds, title]) => fc.tuple(...blockIds.map(blockArb)).map((blocks) => ({ ...baseBriefing(), title, blocks })));

/** An empty briefing of the default template. */
export function baseBriefing(): Briefing {
  return createBriefing({ id: 'd1', template: { id: 'gongzuo-jianbao', version: '1.0.0' }, today: '2025-02-08' });
}

/** A body state with counted ids and no DOM. */
export function testBodyState(briefing: Briefing, refused: unknown[] = []) {
  let n = 0;
  return createBodyState(briefing, {
    newId: () => `n${++n}`,
    fullWidth: () => true,
    onRefused: (r) => refused.push(r),
    onSlashPick: () => undefined,
  });
}
