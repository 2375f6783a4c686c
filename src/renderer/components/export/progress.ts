// Export progress and cancellation: the dialog names its export job, polls the job's progress
// (`getExportProgress`, every 150 ms — the same over IPC and the harness) and can cancel it
// (`cancelExport`). Polling rather than pushed events keeps the contract request/response only.
import { api } from '../../api';
import type { ExportProgress } from '../../../shared/api';

export type { ExportProgress };

/** A fresh job id for one export run. */
export function newExportJobId(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `job-${Date.now().toString(36)}-${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}

/** Polls a job's progress until stopped; returns the stop function. */
export function watchExport(jobId: string, listener: (progress: ExportProgress) => void, intervalMs = 150): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    const result = await api.getExportProgress({ jobId });
    if (stopped) return;
    if (result.ok && result.value) listener(result.value);
    timer = setTimeout(() => void poll(), intervalMs);
  };
  timer = setTimeout(() => void poll(), intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Answers a job that found existing files of its set: replace them, or cancel the export. */
export function answerReplace(jobId: string, replace: boolean): Promise<unknown> {
  return api.confirmExportReplace({ jobId, replace });
}

/** Asks main to stop a running export (only this job's temporary files are removed). */
export function cancelExport(jobId: string): Promise<unknown> {
  return api.cancelExport({ jobId });
}
