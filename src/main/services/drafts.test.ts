import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHost } from '../node-host';
import { findAppPaths } from '../paths';
import { createDispatcher } from './dispatch';
import { createDraftServices, type DraftServices } from './drafts';

let dataDir: string;
let services: DraftServices;
let ids = 0;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bs-drafts-'));
  ids = 0;
  const host = createNodeHost({ paths: findAppPaths(import.meta.dirname), dataDir, newId: () => `d${++ids}` });
  services = createDraftServices(host, { store: { verifyOnOpen: false } });
});

afterEach(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('draft services on real files', () => {
  it('creates, saves, reads back, lists and deletes a draft through the five original methods', async () => {
    const created = await services.createDraft({ title: '第一期简报' });
    if (!created.ok) throw new Error(created.message);
    expect(created.value.title).toBe('第一期简报');
    expect(created.value.template.id).toBe('gongzuo-jianbao');

    const edited = { ...created.value, blocks: [{ id: 'b1', type: 'paragraph' as const, runs: [{ text: '正文内容' }] }] };
    const saved = await services.saveDraft({ draft: edited });
    if (!saved.ok) throw new Error(saved.message);
    expect(saved.value.revision).toBeGreaterThan(1);

    // the file on disk holds the saved text
    const onDisk = JSON.parse(await readFile(join(dataDir, 'drafts', 'files', `${created.value.id}.json`), 'utf8'));
    expect(onDisk.briefing.blocks[0].runs[0].text).toBe('正文内容');
    expect(onDisk.revision).toBe(saved.value.revision);

    const got = await services.getDraft({ id: created.value.id });
    expect(got.ok && got.value.blocks).toEqual(edited.blocks);

    const list = await services.listDrafts({});
    expect(list.ok && list.value.map((r) => [r.id, r.title, r.blockCount])).toEqual([[created.value.id, '第一期简报', 1]]);

    expect((await services.deleteDraft({ id: created.value.id })).ok).toBe(true);
    const after = await services.listDrafts({});
    expect(after.ok && after.value).toEqual([]);
    expect(await readdir(join(dataDir, 'drafts', 'trash'))).toEqual([`${created.value.id}.json`]);
  });

  it('keeps saved drafts across a reopen of the store (new services, same data directory)', async () => {
    const created = await services.createDraft({ title: '跨会话' });
    if (!created.ok) throw new Error(created.message);
    await services.saveDraft({ draft: { ...created.value, title: '跨会话（改）' } });
    await services.close();
    const host = createNodeHost({ paths: findAppPaths(import.meta.dirname), dataDir, newId: () => `x${++ids}` });
    services = createDraftServices(host, { store: { verifyOnOpen: false } });
    const got = await services.getDraft({ id: created.value.id });
    expect(got.ok && got.value.title).toBe('跨会话（改）');
    const list = await services.listDrafts({});
    expect(list.ok && list.value[0]?.title).toBe('跨会话（改）');
  });

  it('works through the dispatcher with channel names the UI already uses', async () => {
    const dispatch = createDispatcher(services as never, () => undefined);
    const created = await dispatch('draft:create', {});
    expect(created.ok).toBe(true);
    const listed = await dispatch('draft:list', {});
    expect(listed.ok && (listed.value as unknown[]).length).toBe(1);
    const bad = await dispatch('draft:get', { id: '../etc/passwd' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.code).toBe('INVALID_ARGUMENT');
    const missing = await dispatch('draft:get', { id: 'nope' });
    expect(!missing.ok && missing.code).toBe('DRAFT_NOT_FOUND');
  });
});

describe('draft services: import, export, templates, history, status', () => {
  const fixtures = join(import.meta.dirname, '../../../tests/fixtures/drafts');

  function servicesWith(dialogs: { open?: string | null; save?: string | null }, extra: Parameters<typeof createDraftServices>[1] = {}) {
    const host = createNodeHost({
      paths: findAppPaths(import.meta.dirname),
      dataDir,
      newId: () => `n${++ids}`,
      dialogs: { pickOpenPath: async () => dialogs.open ?? null, pickSavePath: async () => dialogs.save ?? null },
    });
    return createDraftServices(host, { store: { verifyOnOpen: false }, ...extra });
  }

  it('imports a valid .briefing.json chosen in the dialog, and re-issues the id when it is taken', async () => {
    await services.close();
    services = servicesWith({ open: join(fixtures, 'imports/valid.briefing.json') });
    const first = await services.importDraft({});
    expect(first.ok && first.value).toMatchObject({ idReissued: false, fileName: 'valid.briefing.json', draft: { id: 'fx-live' } });
    const second = await services.importDraft({});
    expect(second.ok && second.value.idReissued).toBe(true);
    expect(second.ok && second.value.draft.id).not.toBe('fx-live');
    expect(second.ok && second.value.draft.title).toBe(`${first.ok ? first.value.draft.title || '（无标题）' : ''}（导入副本）`);
    const list = await services.listDrafts({});
    expect(list.ok && list.value).toHaveLength(2);
    const file = JSON.parse(await readFile(join(dataDir, 'drafts', 'files', 'fx-live.json'), 'utf8'));
    expect(file.origin).toEqual({ kind: 'imported', from: 'valid.briefing.json' });
  });

  it('rejects malicious imports without creating anything', async () => {
    for (const name of ['proto.briefing.json', 'constructor.briefing.json', 'malformed.briefing.json', 'newer-version.briefing.json']) {
      await services.close();
      services = servicesWith({ open: join(fixtures, 'imports', name) });
      const result = await services.importDraft({});
      expect(result.ok).toBe(false);
    }
    const list = await services.listDrafts({});
    expect(list.ok && list.value).toEqual([]);
  });

  it('returns CANCELLED when the user cancels a dialog', async () => {
    expect(await services.importDraft({})).toMatchObject({ ok: false, code: 'CANCELLED' });
    const created = await services.createDraft({});
    expect(created.ok && (await services.exportDraftJson({ id: created.value.id }))).toMatchObject({ ok: false, code: 'CANCELLED' });
  });

  it('exports a draft to the path chosen in the dialog (never a path from the renderer), with a snapshot first', async () => {
    const target = join(dataDir, '导出');
    await services.close();
    services = servicesWith({ save: target });
    const created = await services.createDraft({ title: '导出测试' });
    if (!created.ok) throw new Error(created.message);
    const result = await services.exportDraftJson({ id: created.value.id });
    expect(result).toEqual({ ok: true, value: { path: `${target}.briefing.json` } });
    const exported = JSON.parse(await readFile(`${target}.briefing.json`, 'utf8'));
    expect(exported).toEqual(created.value);
    const history = await services.listHistory({ id: created.value.id });
    expect(history.ok && history.value.map((h) => h.reason)).toEqual(['before-export']);
  });

  it('takes the initial briefing from the injected factory (template skeletons)', async () => {
    await services.close();
    services = servicesWith({}, {
      briefingFactory: ({ id, templateId, title, today }) => ({
        schemaVersion: 2,
        id,
        title: title ?? '模板标题',
        meta: {
          seriesName: '参阅件', issueNumber: 1, totalIssueNumber: null, publisher: '研究室', issueDate: today, classification: '',
          urgency: '', printCopyNumber: false, distribution: { bao: [], song: [], fa: [] }, copies: null, editorNote: '', watermark: '', docNumber: '',
        },
        template: { id: templateId ?? 'canyue', version: '2.0.0' },
        blocks: [{ id: 's1', type: 'heading', level: 1, text: '一、背景' }],
      }),
    });
    const created = await services.createDraft({ templateId: 'canyue' });
    expect(created.ok && created.value).toMatchObject({ title: '模板标题', template: { id: 'canyue' }, blocks: [{ id: 's1' }] });
    const list = await services.listDrafts({});
    expect(list.ok && list.value[0]).toMatchObject({ templateId: 'canyue', seriesName: '参阅件', issueNumber: 1 });
  });

  it('refuses a factory result that is not a valid briefing', async () => {
    await services.close();
    services = servicesWith({}, { briefingFactory: ({ id }) => ({ id }) as never });
    const created = await services.createDraft({});
    expect(created).toMatchObject({ ok: false, code: 'INVALID_BRIEFING' });
  });

  it('searches, filters and sorts the drafts list', async () => {
    for (const [title, issue] of [['乙 经济运行', 3], ['甲 营商环境', 12], ['丙 经济 专题', 7]] as const) {
      const c = await services.createDraft({ title });
      if (!c.ok) throw new Error(c.message);
      await services.saveDraft({ draft: { ...c.value, meta: { ...c.value.meta, issueNumber: issue } } });
    }
    const found = await services.listDrafts({ query: { text: '经济' } });
    expect(found.ok && found.value.map((d) => d.title).sort()).toEqual(['丙 经济 专题', '乙 经济运行']);
    const byIssue = await services.listDrafts({ query: { text: '第12期' } });
    expect(byIssue.ok && byIssue.value.map((d) => d.title)).toEqual(['甲 营商环境']);
    const sorted = await services.listDrafts({ query: { sort: 'issueNumber', direction: 'asc' } });
    expect(sorted.ok && sorted.value.map((d) => d.issueNumber)).toEqual([3, 7, 12]);
  });

  it('renames, duplicates, trashes and restores through the API, and lists history and versions', async () => {
    const c = await services.createDraft({ title: 'A' });
    if (!c.ok) throw new Error(c.message);
    const id = c.value.id;
    expect(await services.renameDraft({ id, title: 'B' })).toMatchObject({ ok: true, value: { title: 'B' } });
    const dup = await services.duplicateDraft({ id });
    expect(dup.ok && dup.value.title).toBe('B（副本）');
    expect((await services.deleteDraft({ id })).ok).toBe(true);
    const trash = await services.listTrash({});
    expect(trash.ok && trash.value.map((t) => t.id)).toEqual([id]);
    expect(await services.restoreDraft({ id })).toMatchObject({ ok: true, value: { id } });
    const v = await services.createVersion({ id, name: '送审稿' });
    expect(v.ok && v.value.label).toBe('送审稿');
    const h = await services.listHistory({ id });
    expect(h.ok && h.value[0]?.name).toBe('送审稿');
    // nothing changed since 送审稿: that snapshot already holds this state and is not repeated
    const unchanged = await services.beforeExport(id);
    expect(unchanged.ok && unchanged.value).toMatchObject({ name: '送审稿', comparedToCurrent: { text: '内容无变化' } });
    const latest = await services.getDraft({ id });
    if (!latest.ok) throw new Error(latest.message);
    await services.saveDraft({ draft: { ...latest.value, title: 'C' } });
    const before = await services.beforeExport(id);
    expect(before.ok && before.value.reason).toBe('before-export');
  });

  it('exposes recovery notices through getStoreStatus, and dismisses them', async () => {
    const c = await services.createDraft({ title: '会损坏的草稿' });
    if (!c.ok) throw new Error(c.message);
    await services.close();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dataDir, 'drafts', 'files', `${c.value.id}.json`), '{"trunc');
    services = servicesWith({});
    await services.listDrafts({});
    const status = await services.getStoreStatus({});
    if (!status.ok) throw new Error(status.message);
    expect(status.value.notices).toHaveLength(1);
    expect(status.value.notices[0]!.message).toContain('会损坏的草稿');
    expect(status.value.notices[0]!.path).toContain(join(dataDir, 'drafts', 'quarantine'));
    expect(await services.dismissNotice({ id: status.value.notices[0]!.id })).toEqual({ ok: true, value: null });
    const after = await services.getStoreStatus({});
    expect(after.ok && after.value.notices).toEqual([]);
  });

  it('reports NEWER_VERSION on every call for a store written by a newer app, and never writes to it', async () => {
    await services.createDraft({});
    await services.close();
    const { copyFile } = await import('node:fs/promises');
    await copyFile(join(fixtures, 'newer/v4-index.json'), join(dataDir, 'drafts', 'index.json'));
    services = servicesWith({});
    expect(await services.listDrafts({})).toMatchObject({ ok: false, code: 'NEWER_VERSION' });
    expect(await services.createDraft({})).toMatchObject({ ok: false, code: 'NEWER_VERSION' });
    expect(await readFile(join(dataDir, 'drafts', 'index.json'), 'utf8')).toBe(await readFile(join(fixtures, 'newer/v4-index.json'), 'utf8'));
  });
});
