import fc from 'fast-check';
import { toggleMark, joinBackward, joinForward, splitBlock } from 'prosemirror-commands';
import { redo, undo } from 'prosemirror-history';
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { briefingSchema } from '../../shared/briefing';
import { setTextblockType, moveBlock, unlinkFigures } from './commands';
import { briefingToDoc, docToBriefing, offsetOfPosition, positionOfOffset, runsToInline } from './mapping';
import { numberingKey, numberingPlugin } from './plugins/decorations';
import { boldMark, nodes } from './schema';
import { baseBriefing, briefingArb, frozenArb, testBodyState } from './test-support';

describe('briefing ↔ doc', () => {
  it('maps every valid briefing to a doc and back unchanged', () => {
    fc.assert(
      fc.property(briefingArb, (briefing) => {
        expect(briefingSchema.safeParse(briefing).success).toBe(true);
        const doc = briefingToDoc(briefing);
        doc.check();
        expect(docToBriefing(doc)).toEqual(briefing);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps an empty briefing empty: the placeholder paragraph is not a block', () => {
    const empty = baseBriefing();
    const doc = briefingToDoc(empty);
    expect(doc.childCount).toBe(1);
    expect(docToBriefing(doc).blocks).toEqual([]);
  });

  it('reuses the mapped block of a node that did not change', () => {
    fc.assert(
      fc.property(briefingArb, (briefing) => {
        const state = testBodyState(briefing);
        const cache = new WeakMap();
        const first = docToBriefing(state.doc, cache);
        const second = docToBriefing(state.doc, cache);
        first.blocks.forEach((b, i) => expect(second.blocks[i]).toBe(b));
      }),
      { numRuns: 50 },
    );
  });

  it('counts a linked figure by its characters when turning offsets into positions and back', () => {
    const para = nodes.paragraph.create({ id: 'p' }, [
      ...runsToInline([{ text: '南京' }]),
      nodes.figure.create({ itemId: 'nj', frozen: {}, text: '28%' }),
      ...runsToInline([{ text: '，远低于' }]),
    ]);
    // 南京 = offsets 0..2, the figure 2..5, then text from offset 5.
    expect(positionOfOffset(para, 0, 1)).toBe(2);
    expect(positionOfOffset(para, 0, 2)).toBe(3);
    expect(positionOfOffset(para, 0, 3)).toBe(4); // inside the figure: after it
    expect(positionOfOffset(para, 0, 5)).toBe(4);
    expect(positionOfOffset(para, 0, 6)).toBe(5);
    expect(offsetOfPosition(para, 0, 4)).toBe(5);
    expect(offsetOfPosition(para, 0, 6)).toBe(7);
  });
});

/** One random edit, as a person or a button would make it. */
type Edit = (state: EditorState, r: number[]) => EditorState;

const at = (state: EditorState, r: number) => Math.max(0, Math.min(state.doc.content.size, Math.floor(r * (state.doc.content.size + 1))));
const select = (state: EditorState, a: number, b: number): EditorState => {
  const $a = state.doc.resolve(at(state, a));
  const $b = state.doc.resolve(at(state, b));
  return state.apply(state.tr.setSelection(TextSelection.between($a, $b)));
};
const runCommand = (state: EditorState, command: Command): EditorState => {
  let next = state;
  command(state, (tr) => (next = state.apply(tr)));
  return next;
};

const edits: Edit[] = [
  (s, r) => {
    const t = select(s, r[0]!, r[0]!);
    return t.apply(t.tr.insertText(['我市', '28%', '，', 'abc', '。\u3000'][Math.floor(r[1]! * 5)]!));
  },
  (s, r) => {
    const t = select(s, r[0]!, r[1]!);
    return t.apply(t.tr.deleteSelection());
  },
  (s, r) => runCommand(select(s, r[0]!, r[0]!), splitBlock),
  (s, r) => runCommand(select(s, r[0]!, r[0]!), joinBackward),
  (s, r) => runCommand(select(s, r[0]!, r[0]!), joinForward),
  (s, r) => runCommand(select(s, r[0]!, r[1]!), toggleMark(boldMark)),
  (s, r) => runCommand(select(s, r[0]!, r[0]!), setTextblockType(nodes.heading, { level: 1 + Math.floor(r[1]! * 4) })),
  (s, r) => runCommand(select(s, r[0]!, r[0]!), setTextblockType(nodes.paragraph)),
  (s, r) => runCommand(select(s, r[0]!, r[0]!), moveBlock(r[1]! < 0.5 ? -1 : 1)),
  (s, r) => runCommand(select(s, r[0]!, r[1]!), unlinkFigures),
  (s) => runCommand(s, undo),
  (s) => runCommand(s, redo),
  (s, r) => {
    // Copy a slice from one place and paste it at another (the clipboard inside the app).
    const t = select(s, r[0]!, r[1]!);
    const slice = t.selection.content();
    const u = select(t, r[2]!, r[2]!);
    return u.apply(u.tr.replaceSelection(slice));
  },
  (s, r) => {
    const t = select(s, r[0]!, r[0]!);
    const figure = nodes.figure.create({ itemId: 'nj-ttr', frozen: sampleFrozen, text: '28%' });
    return t.selection.$from.parent.type === nodes.paragraph ? t.apply(t.tr.replaceSelectionWith(figure)) : t;
  },
];

const sampleFrozen = fc.sample(frozenArb, { numRuns: 1, seed: 7 })[0]!;

describe('random edits', () => {
  it('always leave a body the saved format accepts, with unique block ids', () => {
    let changed = 0;
    fc.assert(
      fc.property(
        briefingArb,
        fc.array(fc.tuple(fc.integer({ min: 0, max: edits.length - 1 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 })), { maxLength: 25 }),
        (briefing, steps) => {
          let state = testBodyState(briefing);
          for (const [which, r] of steps) {
            const before = state.doc;
            state = edits[which]!(state, r);
            if (state.doc !== before) changed++;
            const mapped = docToBriefing(state.doc);
            const parsed = briefingSchema.safeParse(mapped);
            if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues.slice(0, 2)));
            state.doc.check();
            // Decorations kept by mapping (typing in plain text) equal a fresh build.
            const kept = numberingKey.getState(state)!.find().map((d) => `${d.from}:${(d.spec as { key?: string }).key ?? ''}`);
            const fresh = numberingPlugin().spec.state!.init({}, state).find().map((d) => `${d.from}:${(d.spec as { key?: string }).key ?? ''}`);
            expect(kept).toEqual(fresh);
          }
        },
      ),
      { numRuns: 300 },
    );
    // The edits really edit (many steps are no-ops where the random selection allows nothing).
    expect(changed).toBeGreaterThan(300);
  });
});
