// Export progress and cancellation. The export contract does not report progress yet; when the
// preload/harness expose `onExportProgress` (an event like onMenuCommand) and `cancelExport`, the
// dialog uses them; until then it shows a progress bar estimated from the preview's timing and
// disables 取消导出 with an explanation.
import { api } from '../../api';

/** Copies done of copies asked for. */
export interface ExportProgress {
  readonly done: number;
  readonly total: number;
}

interface OptionalExportApi {
  onExportProgress?: (listener: (progress: ExportProgress) => void) => () => void;
  cancelExport?: (request: Record<string, never>) => Promise<unknown>;
}

/** What the running app offers for progress and cancellation. */
export function exportProgressSupport(): { subscribe?: (listener: (p: ExportProgress) => void) => () => void; cancel?: () => void } {
  const extra = (api ?? {}) as unknown as OptionalExportApi;
  return {
    ...(typeof extra.onExportProgress === 'function' ? { subscribe: (l: (p: ExportProgress) => void) => extra.onExportProgress!(l) } : {}),
    ...(typeof extra.cancelExport === 'function' ? { cancel: () => void extra.cancelExport!({}) } : {}),
  };
}
