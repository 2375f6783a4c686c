// The typed API contract: channel names, request schemas and result types shared by all processes.
export {
  contract,
  methodNames,
  methodByChannel,
  type Contract,
  type MethodName,
  type ChannelOf,
  type RequestOf,
  type ParsedRequestOf,
  type ValueOf,
  type ResultOf,
  type Api,
} from './contract';
export { defineMethod, type MethodSpec } from './define';
export { unsavedDraftSchema, type AppInfo, type RecoveryEntry, type RecoveryReason, type WriteRecoveryResult } from './app';
export type {
  DraftSummary,
  SaveReceipt,
  RefusedField,
  TrashedDraft,
  SnapshotReason,
  ChangeSummary,
  HistoryEntry,
  RestoreVersionResult,
  ImportDraftResult,
  StoreNotice,
  UnsavedDraft,
  StoreStatus,
  StoreLockCode,
  StoreLockHolder,
  DraftQuery,
} from './drafts';
export type { LibraryItemDetail } from './library';
export type { ExportConflict, ExportProgress, ExportPdfResult, PreviewPdfResult, PreviewSourceRun, PreviewSourceField, CheckBriefingResult, FontUsage, ExportedCopy, ExportedFile, ExportFormat, MissingGlyphInfo } from './export';
export { EXPORT_FORMATS } from './export';
export { MENU_COMMAND_CHANNEL, BEFORE_CLOSE_CHANNEL, menuCommands, menuAccelerators, redoAccelerator, acceleratorLabel, isMenuCommand, type MenuCommand, type ApiEvents } from './events';
export { acceptedItemSchema, type AcceptedItem, type AcceptResult, type ExtractResult, type ImportedSource, type ImportProgress, type ImportSourceResult, type ReviewCandidate, type UserSourceSummary, type UserSourceList } from './sources';
export { describeStoreNotice, storeNoticeLine, reasonText, type StoreNoticeParams, type StoreNoticeReason, type StoreNoticeKind, type StoreNoticeText } from './store-notices';
