// The only module that touches `window.api`: exposed by the preload in Electron; in the browser
// mode (`briefsmith open`, src/main/web) there is no preload and the page's own transport
// (transport/web.ts, fetch to the local server) stands in. Everything else imports `api` from here.
import type { Api, ApiEvents } from '../shared/api';
import { createWebApi } from './transport/web';

declare global {
  interface Window {
    readonly api: Api & ApiEvents;
  }
}

const preloaded = (window as { api?: Api & ApiEvents }).api;

/** True in the browser mode: files reach the user as downloads, not in a folder shown by the system. */
export const browserMode: boolean = preloaded === undefined;

/** The typed API of the main process (IPC in Electron, HTTP to 127.0.0.1 in the browser mode). */
export const api: Api & ApiEvents = preloaded ?? webApi();

/** The browser mode's transport, also as `window.api` (read-only, as the preload's is). */
function webApi(): Api & ApiEvents {
  const created = createWebApi(window);
  Object.defineProperty(window, 'api', { value: created, writable: false, configurable: false });
  return created;
}
