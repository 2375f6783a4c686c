// The only module that touches `window.api` (exposed by the preload in Electron, by an init script
// in the test harness). Everything else in the renderer imports `api` from here.
import type { Api, ApiEvents } from '../shared/api';

declare global {
  interface Window {
    readonly api: Api & ApiEvents;
  }
}

/** The typed API of the main process. */
export const api: Api & ApiEvents = window.api;
