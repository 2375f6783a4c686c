import { z } from 'zod';
import { briefingSchema, type Briefing } from '../briefing';
import { defineMethod } from './define';

const draftId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** A row of the drafts list (草稿箱). */
export interface DraftSummary {
  readonly id: string;
  readonly title: string;
  readonly seriesName: string;
  readonly issueNumber: number | null;
  readonly templateId: string;
  /** ISO time of the last edit */
  readonly updatedAt: string;
  readonly createdAt: string;
}

/** What a save acknowledges: the moment it reached disk. */
export interface SaveReceipt {
  readonly id: string;
  readonly savedAt: string;
  readonly revision: number;
}

/** Drafts: the local store (lowdb), one writer — the main process. */
export const draftMethods = {
  listDrafts: defineMethod<DraftSummary[]>()('draft:list', z.strictObject({})),
  createDraft: defineMethod<Briefing>()(
    'draft:create',
    z.strictObject({ templateId: z.string().min(1).max(100).optional(), title: z.string().max(500).optional() }),
  ),
  getDraft: defineMethod<Briefing>()('draft:get', z.strictObject({ id: draftId })),
  saveDraft: defineMethod<SaveReceipt>()('draft:save', z.strictObject({ draft: briefingSchema })),
  deleteDraft: defineMethod<null>()('draft:delete', z.strictObject({ id: draftId })),
};
