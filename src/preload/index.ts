// The preload: exposes the contract's methods by name (and two event subscriptions) to the
// renderer through contextBridge. Nothing else of Electron or Node reaches the page.
// It imports only types from src/shared/api, so the bundle contains no application code.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Api, ApiEvents, ChannelOf, MenuCommand, MethodName, RequestOf, ResultOf } from '../shared/api';

/** A method that forwards to its channel; the channel string is type-checked against the contract. */
function call<M extends MethodName>(channel: ChannelOf<M>) {
  return (request: RequestOf<M>) => ipcRenderer.invoke(channel, request) as Promise<ResultOf<M>>;
}

const api = {
  getAppInfo: call<'getAppInfo'>('app:info'),
  showInFolder: call<'showInFolder'>('app:show-in-folder'),
  readyToClose: call<'readyToClose'>('app:ready-to-close'),
  holdClose: call<'holdClose'>('app:hold-close'),
  writeRecovery: call<'writeRecovery'>('app:recovery-write'),
  listRecovery: call<'listRecovery'>('app:recovery-list'),
  restoreRecovery: call<'restoreRecovery'>('app:recovery-restore'),
  discardRecovery: call<'discardRecovery'>('app:recovery-discard'),
  saveDraftCopy: call<'saveDraftCopy'>('app:save-copy'),
  listDrafts: call<'listDrafts'>('draft:list'),
  createDraft: call<'createDraft'>('draft:create'),
  getDraft: call<'getDraft'>('draft:get'),
  saveDraft: call<'saveDraft'>('draft:save'),
  deleteDraft: call<'deleteDraft'>('draft:delete'),
  retrySave: call<'retrySave'>('draft:save-retry'),
  renameDraft: call<'renameDraft'>('draft:rename'),
  duplicateDraft: call<'duplicateDraft'>('draft:duplicate'),
  listTrash: call<'listTrash'>('draft:trash-list'),
  restoreDraft: call<'restoreDraft'>('draft:restore'),
  purgeDraft: call<'purgeDraft'>('draft:purge'),
  listHistory: call<'listHistory'>('draft:history'),
  getVersion: call<'getVersion'>('draft:version-get'),
  createVersion: call<'createVersion'>('draft:version-create'),
  restoreVersion: call<'restoreVersion'>('draft:version-restore'),
  importDraft: call<'importDraft'>('draft:import'),
  exportDraftJson: call<'exportDraftJson'>('draft:export-json'),
  getStoreStatus: call<'getStoreStatus'>('draft:status'),
  dismissNotice: call<'dismissNotice'>('draft:notice-dismiss'),
  takeOverStore: call<'takeOverStore'>('draft:store-take-over'),
  searchLibrary: call<'searchLibrary'>('library:search'),
  getLibraryItem: call<'getLibraryItem'>('library:get'),
  getLibrarySource: call<'getLibrarySource'>('library:source'),
  listLibraryItems: call<'listLibraryItems'>('library:list'),
  exportPdf: call<'exportPdf'>('export:pdf'),
  getExportProgress: call<'getExportProgress'>('export:progress'),
  cancelExport: call<'cancelExport'>('export:cancel'),
  confirmExportReplace: call<'confirmExportReplace'>('export:confirm-replace'),
  previewPdf: call<'previewPdf'>('export:preview'),
  listTemplates: call<'listTemplates'>('template:list'),
  checkBriefing: call<'checkBriefing'>('export:check'),
  listTemplateGallery: call<'listTemplateGallery'>('template:gallery'),
  getTemplate: call<'getTemplate'>('template:get'),
  checkTemplate: call<'checkTemplate'>('template:check'),
  checkTemplateFile: call<'checkTemplateFile'>('template:check-file'),
  importTemplate: call<'importTemplate'>('template:import'),
  exportTemplate: call<'exportTemplate'>('template:export'),
  deleteTemplate: call<'deleteTemplate'>('template:delete'),
  duplicateTemplate: call<'duplicateTemplate'>('template:duplicate'),
  previewTemplate: call<'previewTemplate'>('template:preview'),
  templateVersionStatus: call<'templateVersionStatus'>('template:version-status'),
  importSource: call<'importSource'>('sources:import'),
  getImportProgress: call<'getImportProgress'>('sources:import-progress'),
  cancelImport: call<'cancelImport'>('sources:import-cancel'),
  extractSource: call<'extractSource'>('sources:extract'),
  acceptCandidates: call<'acceptCandidates'>('sources:accept'),
  listSources: call<'listSources'>('sources:list'),
  removeSource: call<'removeSource'>('sources:remove'),
  exportPack: call<'exportPack'>('sources:pack-export'),
  previewPackImport: call<'previewPackImport'>('sources:pack-preview'),
  importPack: call<'importPack'>('sources:pack-import'),
} satisfies Api;

const events = {
  onMenuCommand(listener: (command: MenuCommand) => void) {
    const wrapped = (_event: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on('menu:command', wrapped);
    return () => void ipcRenderer.removeListener('menu:command', wrapped);
  },
  onBeforeClose(listener: () => void) {
    const wrapped = () => listener();
    ipcRenderer.on('app:before-close', wrapped);
    return () => void ipcRenderer.removeListener('app:before-close', wrapped);
  },
} satisfies ApiEvents;

contextBridge.exposeInMainWorld('api', { ...api, ...events });
