import { Plugin } from 'prosemirror-state';
import { z } from 'zod';
import { briefingSchema, blockSchema } from '../../../shared/briefing';
import { nodeToBlock } from '../mapping';
import { touchedBlocks } from '../touched';

// The editor can never hold a body the saved format refuses: a change that would make a block
// invalid (a heading longer than the schema allows, a paste past a paragraph's size) is refused
// before it is applied, and `onRefused` tells the writer. Limits come from the zod schema itself,
// checked on the blocks the change touched (unchanged nodes are the same objects).

const maxBlocks = (z.toJSONSchema(briefingSchema.shape.blocks, { unrepresentable: 'any' }) as { maxItems?: number }).maxItems ?? Infinity;

/** Why a change was refused: the block type and the schema's own issue path, for the message. */
export interface RefusedChange {
  readonly blockType: string;
  readonly path: readonly (string | number)[];
  readonly code: string;
}

export function limitsPlugin(onRefused: (refused: RefusedChange) => void): Plugin {
  return new Plugin({
    filterTransaction(tr) {
      if (!tr.docChanged) return true;
      if (tr.doc.childCount > maxBlocks) {
        onRefused({ blockType: 'doc', path: ['blocks'], code: 'too_big' });
        return false;
      }
      let refused: RefusedChange | null = null;
      const { after } = touchedBlocks(tr);
      after.forEach((node) => {
        if (refused) return;
        const block = nodeToBlock(node);
        const checked = blockSchema.safeParse({ ...block, id: block.id === '' ? 'new' : block.id });
        if (!checked.success) {
          const issue = checked.error.issues[0]!;
          refused = { blockType: block.type, path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), code: issue.code };
        }
      });
      if (refused) onRefused(refused);
      return refused === null;
    },
  });
}
