// The content the crash-test child saves for (draft id, sequence number): deterministic, so the
// parent can check that what survived a SIGKILL is exactly what was saved. Plain JS: the child
// must start without a TypeScript loader.

/** The drafts the child edits. */
export const CRASH_DRAFT_IDS = ['crash-a', 'crash-b', 'crash-c'];

const TEXT = '坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展取得新成效。';

/** The briefing saved as revision `seq` of draft `id` (title `id #seq`). */
export function contentFor(id, seq) {
  const paragraphs = 1 + (seq % 5);
  const repeat = 1 + ((seq * 7) % 11);
  return {
    // the current briefing version (the store reads older ones through the v1→v2 migration)
    schemaVersion: 2,
    id,
    title: `${id} #${seq}`,
    meta: {
      seriesName: '工作简报',
      issueNumber: (seq % 50) + 1,
      totalIssueNumber: null,
      publisher: '市政府办公室',
      docNumber: '',
      issueDate: '2025-02-10',
      classification: '内部资料 注意保存',
      urgency: '',
      printCopyNumber: false,
      distribution: { bao: ['市委'], song: [], fa: [] },
      copies: null,
      editorNote: '',
      watermark: '',
    },
    template: { id: 'gongzuo-jianbao', version: '1.0.0' },
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: `第 ${seq} 次保存` },
      ...Array.from({ length: paragraphs }, (_, i) => ({
        id: `p${i + 1}`,
        type: 'paragraph',
        runs: [{ text: `${seq}-${i} ${TEXT.repeat(repeat)}` }],
      })),
    ],
  };
}

/** The sequence number in a saved title, or null. */
export function seqOf(title) {
  const m = / #(\d+)$/.exec(title);
  return m ? Number(m[1]) : null;
}
