import type { Migration } from './types';

/** v2 → v3: a draft records where it came from; drafts older than this were created here. */
export const migration0003: Migration = {
  version: 3,
  description: 'add origin to drafts',
  migrate: {
    draft: (doc) => ({ ...doc, origin: doc.origin ?? { kind: 'created' } }),
  },
};
