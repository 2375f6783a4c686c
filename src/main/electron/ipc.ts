import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { contract, methodNames } from '../../shared/api';
import { fail } from '../../shared/errors';
import type { Dispatch } from '../services';

/**
 * Registers one `ipcMain.handle` per contract channel. Each handler checks that the call comes
 * from the app's own renderer frame, then hands the raw argument to the dispatcher, which
 * validates it against the contract. Results are always `{ ok, … }` values: Electron would strip
 * a thrown error to its message.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const channels = methodNames.map((name) => contract[name].channel);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, argument: unknown) => {
      if (!isTrustedSender(event)) return fail('FORBIDDEN_SENDER');
      return dispatch(channel, argument);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** A sender check: the frame must be the top frame and its URL the app's renderer. */
export function createSenderCheck(isAppUrl: (url: string) => boolean): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return isAppUrl(frame.url);
  };
}
