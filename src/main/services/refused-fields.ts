import type { RefusedField } from '../../shared/api/drafts';
import { briefingSchema, type Briefing } from '../../shared/briefing';

/** What `keepValidFields` made of a draft the schema refuses. */
export interface RepairedDraft {
  /** the draft to save: every accepted field as sent, every refused one as it was */
  readonly briefing: Briefing;
  readonly refused: RefusedField[];
}

type Loose = Record<string, unknown>;
const isRecord = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A draft the schema refuses, saved field by field: each refused field (the title, one field of
 * 报头/报尾, the template reference, one block, an unknown key) takes its value from `previous`
 * (the last valid state of the same draft), or is left out when it has none (a new block or
 * key). Null when what is wrong cannot be confined to such a field (the id, the version, the
 * block list as a whole): the caller refuses the draft then.
 */
export function keepValidFields(sent: unknown, previous: Briefing): RepairedDraft | null {
  if (!isRecord(sent) || sent.id !== previous.id) return null;
  let draft: Loose = { ...sent, meta: isRecord(sent.meta) ? { ...sent.meta } : sent.meta, blocks: Array.isArray(sent.blocks) ? [...(sent.blocks as unknown[])] : sent.blocks };
  const refused = new Map<string, RefusedField>();
  const note = (field: string, blockId: string | null, code: string, limit: number | null, kept: RefusedField['kept']) => {
    const key = `${field}#${blockId ?? ''}`;
    if (!refused.has(key)) refused.set(key, { field, blockId, code, limit, kept });
  };
  // Fixing one level can reveal the next (the duplicate-id check runs only once the rest passes).
  for (let round = 0; round < 4; round++) {
    const checked = briefingSchema.safeParse(draft);
    if (checked.success) return { briefing: checked.data, refused: [...refused.values()] };
    const meta = isRecord(draft.meta) ? { ...draft.meta } : null;
    const blocks = Array.isArray(draft.blocks) ? [...(draft.blocks as unknown[])] : null;
    const removeBlocks = new Set<number>();
    const next: Loose = { ...draft };
    for (const issue of checked.error.issues) {
      const [head, second, third] = issue.path;
      const limit = issue.code === 'too_big' && typeof issue.maximum === 'number' ? issue.maximum : null;
      if (issue.path.length === 0 && issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          delete next[key];
          note(`draft.${key}`, null, issue.code, null, 'removed');
        }
      } else if (head === 'title') {
        next.title = previous.title;
        note('title', null, issue.code, limit, 'previous');
      } else if (head === 'template') {
        next.template = previous.template;
        note('template', null, issue.code, limit, 'previous');
      } else if (head === 'meta' && meta === null) {
        next.meta = previous.meta;
        note('meta', null, issue.code, limit, 'previous');
      } else if (head === 'meta' && meta !== null && second === undefined && issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          delete meta[key];
          note(`meta.${key}`, null, issue.code, null, 'removed');
        }
      } else if (head === 'meta' && meta !== null && typeof second === 'string' && second in previous.meta) {
        meta[second] = previous.meta[second as keyof Briefing['meta']];
        note(`meta.${second}`, null, issue.code, limit, 'previous');
      } else if (head === 'blocks' && blocks !== null && typeof second === 'number' && second < blocks.length) {
        const block = blocks[second];
        const id = isRecord(block) && typeof block.id === 'string' ? block.id : null;
        const before = id === null ? undefined : previous.blocks.find((b) => b.id === id);
        // A duplicate id cannot be mended by the previous block of that id: the block goes.
        const duplicate = issue.code === 'custom' && third === 'id';
        if (before && !duplicate) {
          blocks[second] = before;
          note('blocks', id, issue.code, limit, 'previous');
        } else {
          removeBlocks.add(second);
          note('blocks', id, issue.code, limit, 'removed');
        }
      } else {
        return null;
      }
    }
    if (meta !== null) next.meta = meta;
    if (blocks !== null) next.blocks = blocks.filter((_, i) => !removeBlocks.has(i));
    draft = next;
  }
  return null;
}
