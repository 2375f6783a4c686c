import { createHash } from 'node:crypto';
import type { ChangeSummary } from '../../shared/api/drafts';
import type { Briefing } from '../../shared/briefing';
import type { BlockDigest } from './format';

/** The fingerprint of a briefing: per-block hashes plus title/metadata hashes. */
export interface BriefingDigest {
  readonly contentHash: string;
  readonly metaHash: string;
  readonly titleHash: string;
  readonly blocks: BlockDigest[];
}

// Key order must not matter: the renderer may send the same content with keys in another order.
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hash = (text: string) => createHash('sha1').update(text).digest('base64url').slice(0, 20);

/** Fingerprints a briefing. */
export function digestBriefing(briefing: Briefing): BriefingDigest {
  const blocks: BlockDigest[] = briefing.blocks.map((block) => [block.id, hash(stableStringify(block))]);
  const metaHash = hash(stableStringify({ meta: briefing.meta, template: briefing.template }));
  const titleHash = hash(briefing.title);
  const contentHash = hash(`${titleHash}|${metaHash}|${blocks.map((b) => b.join(':')).join(',')}`);
  return { contentHash, metaHash, titleHash, blocks };
}

/** What two versions are compared by. */
export interface DigestLike {
  readonly metaHash: string;
  readonly title: string;
  readonly blocks: readonly BlockDigest[];
}

/** Compares two versions by block id: added, removed, edited (same id, other content). */
export function diffDigests(before: DigestLike | null, after: DigestLike): ChangeSummary {
  const old = new Map(before?.blocks ?? []);
  const now = new Map(after.blocks);
  let added = 0;
  let edited = 0;
  for (const [id, h] of now) {
    const previous = old.get(id);
    if (previous === undefined) added++;
    else if (previous !== h) edited++;
  }
  let removed = 0;
  for (const id of old.keys()) if (!now.has(id)) removed++;
  const titleChanged = before !== null && before.title !== after.title;
  const metaChanged = before !== null && before.metaHash !== after.metaHash;
  return { added, removed, edited, titleChanged, metaChanged, text: describeChanges(before === null, added, removed, edited, titleChanged, metaChanged) };
}

function describeChanges(first: boolean, added: number, removed: number, edited: number, title: boolean, meta: boolean): string {
  if (first) return added > 0 ? `最早的记录（共 ${added} 块）` : '最早的记录（空白）';
  const parts: string[] = [];
  if (title) parts.push('修改标题');
  if (added) parts.push(`新增 ${added} 块`);
  if (removed) parts.push(`删除 ${removed} 块`);
  if (edited) parts.push(`修改 ${edited} 块`);
  if (meta) parts.push('修改报头或报尾信息');
  return parts.length ? parts.join('，') : '内容无变化';
}
