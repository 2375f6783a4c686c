// Sources in: import a document (native open dialog or pasted text), extract candidates, accept the
// reviewed ones into the user library, list and remove the user's sources.
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { documentPlace, extractCandidates } from '../../core/extract';
import type { ExtractResult, ImportProgress, ReviewCandidate, UserSourceSummary } from '../../shared/api';
import { fail, ok } from '../../shared/errors';
import type { LibrarySource } from '../../shared/library';
import type { LoadedLibrary } from '../library';
import { paragraphsOf, proposeMetadata, readSource, warmPdfReader } from '../sources';
import { buildItems, dateText, suggestMetric } from '../user-library/accept';
import { exportPackFile, importPackFile, previewPackFile, type PackLibraryDeps } from '../user-library/pack-library';
import type { UserLibraryStore } from '../user-library/store';
import { PACK_EXTENSION } from '../../shared/api/source-packs';
import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

export interface SourceServiceDeps {
  readonly store: UserLibraryStore;
  /** the merged library (bundled + user) the library services serve */
  readonly library: () => LoadedLibrary;
}

/** The file types the open dialog offers. */
const SOURCE_FILTERS = [{ name: '资料文件（文本、Word、PDF、网页）', extensions: ['txt', 'docx', 'pdf', 'html', 'htm'] }];

export function createSourceServices(
  host: ServiceHost,
  { store, library }: SourceServiceDeps,
): ServiceGroup<'importSource' | 'getImportProgress' | 'cancelImport' | 'extractSource' | 'acceptCandidates' | 'listSources' | 'removeSource' | PackMethod> {
  const extract = (title: string, date: string | null, paragraphs: string[]): ExtractResult => {
    const year = date ? Number(date.slice(0, 4)) : null;
    const city = documentPlace(title, paragraphs);
    const metrics = [...library().data.metrics];
    const candidates = extractCandidates(paragraphs, { year, city }).map(
      (c, i): ReviewCandidate => ({ ...c, id: `c${i + 1}`, metric: c.kind === 'indicator' ? suggestMetric(c.subject, metrics, c.unit) : null }),
    );
    return { candidates, metrics, city };
  };

  // Running and recently finished imports by the renderer's job id: progress per page, cancel.
  // Nothing is stored while importing, so a cancelled import leaves nothing behind.
  const imports = new Map<string, { readonly controller: AbortController; progress: ImportProgress }>();

  return {
    async importSource({ text, jobId }) {
      const job = { controller: new AbortController(), progress: { phase: 'dialog', done: 0, total: 0, cancelled: false } as ImportProgress };
      if (jobId !== undefined) imports.set(jobId, job);
      const { signal } = job.controller;
      try {
        let source;
        let fileName: string | null = null;
        if (text !== undefined) {
          const paragraphs = paragraphsOf(text);
          if (paragraphs.length === 0) return fail('SOURCE_NO_TEXT');
          source = proposeMetadata(paragraphs);
        } else {
          // pdf.js loads while the person chooses a file (not awaited: a text file does not need it)
          void warmPdfReader();
          const path = await host.dialogs.pickOpenPath({ title: '导入资料', filters: SOURCE_FILTERS });
          if (path === null || signal.aborted) return fail('CANCELLED');
          job.progress = { ...job.progress, phase: 'reading' };
          const read = await readSource(path, { signal, onProgress: (done, total) => (job.progress = { ...job.progress, done, total }) });
          if (!read.ok) return read;
          source = read.value;
          fileName = basename(path);
        }
        if (signal.aborted) return fail('CANCELLED');
        job.progress = { ...job.progress, phase: 'extracting' };
        const extracted = extract(source.title ?? '', source.date, source.paragraphs);
        if (signal.aborted) return fail('CANCELLED');
        return ok({ source: { ...source, fileName }, ...extracted });
      } finally {
        job.progress = { ...job.progress, phase: 'done' };
        if (jobId !== undefined) {
          setTimeout(() => {
            if (imports.get(jobId) === job) imports.delete(jobId);
          }, 60_000).unref?.();
        }
      }
    },

    async getImportProgress({ jobId }) {
      return ok(imports.get(jobId)?.progress ?? null);
    },

    async cancelImport({ jobId }) {
      const job = imports.get(jobId);
      if (job && job.progress.phase !== 'done') {
        job.controller.abort();
        job.progress = { ...job.progress, cancelled: true };
      }
      return ok(null);
    },

    async extractSource({ title, date, paragraphs }) {
      return ok(extract(title, date, paragraphs));
    },

    async acceptCandidates({ source: given, items }) {
      const current = store.data();
      let source: LibrarySource;
      let isNew = false;
      if ('id' in given) {
        const found = current.sources.find((s) => s.id === given.id);
        if (!found) return fail('LIBRARY_SOURCE_NOT_FOUND', `（${given.id}）`);
        source = found;
      } else {
        isNew = true;
        source = {
          id: `u-src-${host.newId()}`,
          kind: 'article',
          title: given.title,
          outlet: given.outlet,
          date: given.date,
          dateText: dateText(given.date),
          paragraphs: given.paragraphs.map((text) => ({ text })),
          origin: 'user',
          ...(given.docNumber ? { docNumber: given.docNumber } : {}),
        };
      }
      const merged = library();
      const built = buildItems(items, source, { existing: merged.data.items, metrics: merged.data.metrics, newId: host.newId });
      const written = store.write({
        sources: isNew ? [...current.sources, source] : current.sources,
        items: [...current.items, ...built.items],
        metrics: [...current.metrics, ...built.metrics],
      });
      if (!written.ok) return written;
      const newIds = new Set(built.items.map((i) => i.id));
      const superseded = library()
        .data.items.filter((i) => i.supersededBy !== undefined && newIds.has(i.supersededBy))
        .map((i) => i.id);
      return ok({ sourceId: source.id, itemIds: built.items.map((i) => i.id), superseded });
    },

    async listSources() {
      const { sources, items } = store.data();
      const list = sources.map(
        (s): UserSourceSummary => ({
          id: s.id,
          title: s.title,
          outlet: s.outlet,
          date: s.date,
          docNumber: s.docNumber ?? null,
          paragraphCount: s.paragraphs.length,
          itemCount: items.filter((i) => i.sourceId === s.id).length,
        }),
      );
      return ok({ sources: list, notices: [...store.notices()] });
    },

    async removeSource({ id }) {
      const current = store.data();
      if (!current.sources.some((s) => s.id === id)) return fail('LIBRARY_SOURCE_NOT_FOUND', `（${id}）`);
      const kept = current.items.filter((i) => i.sourceId !== id);
      const used = new Set(kept.map((i) => i.metric));
      const written = store.write({
        sources: current.sources.filter((s) => s.id !== id),
        items: kept,
        metrics: current.metrics.filter((m) => used.has(m.key)),
      });
      if (!written.ok) return written;
      return ok({ removedItems: current.items.length - kept.length });
    },

    ...createPackServices(host, { store, library }),
  };
}

// ---------------------------------------------------------------------------------------------
// Library packs (资料包): the user's sources with their items as one file, for another machine.

type PackMethod = 'exportPack' | 'previewPackImport' | 'importPack';

const PACK_FILTERS = [{ name: '简报工坊资料包', extensions: [PACK_EXTENSION] }];

function createPackServices(host: ServiceHost, { store, library }: SourceServiceDeps): ServiceGroup<PackMethod> {
  const deps: PackLibraryDeps = { store, library: () => library().data, newId: () => host.newId(), now: () => host.now(), appVersion: host.appVersion };
  return {
    async exportPack({ sourceIds, path, madeBy }) {
      const target = path ?? (await host.dialogs.pickSavePath({ title: '导出资料包', defaultName: `资料包.${PACK_EXTENSION}`, filters: PACK_FILTERS }));
      if (target === null) return fail('CANCELLED');
      return exportPackFile(target, sourceIds, madeBy ?? { name: computerUserName(), unit: null }, deps);
    },
    async previewPackImport({ path }) {
      const source = path ?? (await host.dialogs.pickOpenPath({ title: '导入资料包', filters: PACK_FILTERS }));
      if (source === null) return fail('CANCELLED');
      return previewPackFile(source, deps);
    },
    async importPack({ path, packHash, choices }) {
      return importPackFile(path, choices, packHash, deps);
    },
  };
}

/** Who made a pack when the person named no one: the computer's account name. */
function computerUserName(): string {
  try {
    return userInfo().username.trim().slice(0, 100) || '未署名';
  } catch {
    return '未署名';
  }
}
