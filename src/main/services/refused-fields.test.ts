import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHost } from '../node-host';
import { findAppPaths } from '../paths';
import type { Briefing } from '../../shared/briefing';
import { createDispatcher } from './dispatch';
import { createDraftServices, type DraftServices } from './drafts';
import { keepValidFields } from './refused-fields';

let dataDir: string;
let services: DraftServices;
let ids = 0;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bs-refused-'));
  ids = 0;
  const host = createNodeHost({ paths: findAppPaths(import.meta.dirname), dataDir, newId: () => `d${++ids}` });
  services = createDraftServices(host, { store: { verifyOnOpen: false } });
});

afterEach(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function created(): Promise<Briefing> {
  const made = await services.createDraft({ title: '第一期' });
  if (!made.ok) throw new Error(made.message);
  const first = { ...made.value, meta: { ...made.value.meta, issueDate: '2025-02-08' }, blocks: [{ id: 'b1', type: 'paragraph' as const, runs: [{ text: '第一段' }] }] };
  const saved = await services.saveDraft({ draft: first });
  if (!saved.ok) throw new Error(saved.message);
  return first;
}

const onDisk = async (id: string) => JSON.parse(await readFile(join(dataDir, 'drafts', 'files', `${id}.json`), 'utf8')).briefing as Briefing;

describe('the store never refuses a whole draft for one field', () => {
  it('a 6-digit year is refused alone: the later text is saved, the date keeps its last valid value, the receipt lists the field', async () => {
    const draft = await created();
    const dispatch = createDispatcher(services as never, () => undefined);
    const later = { ...draft, title: '后来改的标题', meta: { ...draft.meta, issueDate: '102025-02-08' }, blocks: [...draft.blocks, { id: 'b2', type: 'paragraph', runs: [{ text: '后来写的一段' }] }] };
    const result = await dispatch('draft:save', { draft: later });
    if (!result.ok) throw new Error(result.message);
    expect((result.value as { refused: unknown }).refused).toEqual([{ field: 'meta.issueDate', blockId: null, code: 'invalid_format', limit: null, kept: 'previous' }]);
    const stored = await onDisk(draft.id);
    expect(stored.title).toBe('后来改的标题');
    expect(stored.meta.issueDate).toBe('2025-02-08');
    expect(stored.blocks.map((b) => b.id)).toEqual(['b1', 'b2']);
  });

  it('a block over its limit keeps its previous text; a new block over its limit is left out and listed', async () => {
    const draft = await created();
    const long = '字'.repeat(100_001);
    const sent = { ...draft, blocks: [{ id: 'b1', type: 'paragraph', runs: [{ text: long }] }, { id: 'b3', type: 'paragraph', runs: [{ text: long }] }, { id: 'b4', type: 'paragraph', runs: [{ text: '保留' }] }] };
    const result = await services.saveDraft({ draft: sent });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.refused?.map((r) => [r.field, r.blockId, r.code, r.kept])).toEqual([
      ['blocks', 'b1', 'too_big', 'previous'],
      ['blocks', 'b3', 'too_big', 'removed'],
    ]);
    expect((await onDisk(draft.id)).blocks.map((b) => (b.type === 'paragraph' ? b.runs[0]?.text : ''))).toEqual(['第一段', '保留']);
  });

  it('an accepted draft has no refused list', async () => {
    const draft = await created();
    const result = await services.saveDraft({ draft: { ...draft, title: '好' } });
    expect(result.ok && result.value.refused).toBeUndefined();
  });

  it('what cannot be confined to a field (the schema version) still refuses the draft', () => {
    const previous = { schemaVersion: 2, id: 'a' } as unknown as Briefing;
    expect(keepValidFields({ schemaVersion: 99, id: 'a' }, previous)).toBeNull();
    expect(keepValidFields({ id: 'b' }, previous)).toBeNull();
  });

  it('an unknown key is dropped and listed, the rest saved', async () => {
    const draft = await created();
    const result = await services.saveDraft({ draft: { ...draft, extra: 1, meta: { ...draft.meta, stray: 'x' } } });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.refused?.map((r) => [r.field, r.kept]).sort()).toEqual([
      ['draft.extra', 'removed'],
      ['meta.stray', 'removed'],
    ]);
  });
});
