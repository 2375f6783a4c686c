// Packs against the user library on disk: export chosen sources to a file, preview a pack file,
// import it with the person's choices. Shared by the services (app) and the CLI.
import { writeFileAtomic } from '../fs/atomic-file';
import type { PackExportResult, PackImportChoices, PackImportResult, PackMaker, PackPreview } from '../../shared/api/source-packs';
import { fail, ok, type Result } from '../../shared/errors';
import type { LibraryData } from '../../shared/library';
import { printable } from '../../shared/validation';
import { applyPackPlan, buildPack, packHashOf, planPackImport, readPack, readPackBytes, readPackFile, supersedingOf } from './pack';
import type { UserLibraryStore } from './store';

export interface PackLibraryDeps {
  readonly store: UserLibraryStore;
  /** the merged library (bundled + user) as it is now; called again after a write */
  readonly library: () => LibraryData;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly appVersion: string;
}

/** Writes the pack of `sourceIds` to `path` (atomically). */
export function exportPackFile(path: string, sourceIds: readonly string[], madeBy: PackMaker, deps: PackLibraryDeps): Result<PackExportResult> {
  const built = buildPack(deps.store.data(), sourceIds, { madeBy, now: deps.now(), appVersion: deps.appVersion, metrics: deps.library().metrics });
  if (!built.ok) return built;
  const written = writeFileAtomic(path, built.value.bytes, { syncDir: true });
  if (!written.ok) return written;
  return ok({ path, sources: built.value.sources, items: built.value.items, bytes: built.value.bytes.length });
}

/** What importing the pack at `path` would do; nothing is stored. */
export function previewPackFile(path: string, deps: PackLibraryDeps): Result<PackPreview> {
  const pack = readPackFile(path);
  if (!pack.ok) return pack;
  const plan = planPackImport(pack.value, deps.store.data(), deps.library(), deps.newId);
  return ok({ path, ...plan.preview });
}

/**
 * Imports the pack at `path` with `choices`: everything in one write of the user library, or
 * nothing. `packHash` (from the preview) refuses a file changed in between (PACK_CHANGED).
 */
export function importPackFile(path: string, choices: PackImportChoices, packHash: string | undefined, deps: PackLibraryDeps): Result<PackImportResult> {
  const bytes = readPackBytes(path);
  if (!bytes.ok) return bytes;
  if (packHash !== undefined && packHashOf(bytes.value) !== packHash) return fail('PACK_CHANGED', `（${printable(path, 200)}）`);
  const pack = readPack(bytes.value);
  if (!pack.ok) return pack;
  const user = deps.store.data();
  const plan = planPackImport(pack.value, user, deps.library(), deps.newId);
  const applied = applyPackPlan(plan, user, choices);
  if (!applied.ok) return applied;
  const { next, result } = applied.value;
  if (result.itemsAdded.length > 0 || result.sourcesAdded.length > 0 || result.replaced.length > 0) {
    const written = deps.store.write(next);
    if (!written.ok) return written;
  }
  return ok({ ...result, ...supersedingOf(deps.library().items, result.itemsAdded) });
}
