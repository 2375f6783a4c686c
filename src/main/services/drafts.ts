import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

/** Draft services on the store. Filled by the drafts store capability. */
export function createDraftServices(_host: ServiceHost): ServiceGroup<'listDrafts' | 'createDraft' | 'getDraft' | 'saveDraft' | 'deleteDraft'> {
  throw new Error('not built yet');
}
