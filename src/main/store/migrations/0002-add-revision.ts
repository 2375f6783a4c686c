import type { JsonObject, Migration } from './types';

/**
 * v1 → v2: a draft gains `revision` (what a save receipt acknowledges) and `createdAt`; an index
 * row gains `createdAt`, `revision`, `blockCount`, `purging` and `stamp`. The stamp is left null
 * so that the store re-reads the draft file at open and fills the row from it.
 */
export const migration0002: Migration = {
  version: 2,
  description: 'add revision and createdAt to drafts; stamps to index rows',
  migrate: {
    draft: (doc) => ({
      ...doc,
      revision: doc.revision ?? 0,
      createdAt: doc.createdAt ?? doc.updatedAt,
    }),
    index: (doc) => ({
      ...doc,
      drafts: Array.isArray(doc.drafts)
        ? doc.drafts.map((row: unknown) => {
            if (typeof row !== 'object' || row === null) return row;
            const r = row as JsonObject;
            return {
              ...r,
              createdAt: r.createdAt ?? r.updatedAt,
              revision: r.revision ?? 0,
              blockCount: r.blockCount ?? 0,
              deletedAt: r.deletedAt ?? null,
              purging: r.purging ?? false,
              stamp: r.stamp ?? null,
            };
          })
        : doc.drafts,
    }),
  },
};
