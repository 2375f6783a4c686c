import { isAbsolute } from 'node:path';
import { fail, ok } from '../../shared/errors';
import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

/** App-level services: version and data directory, revealing files, the close handshake. */
export function createAppServices(host: ServiceHost): ServiceGroup<'getAppInfo' | 'showInFolder' | 'readyToClose' | 'holdClose'> {
  return {
    async getAppInfo() {
      return ok({
        name: 'briefsmith',
        productName: '简报工坊 BriefSmith',
        version: host.appVersion,
        dataDir: host.dataDir,
        platform: process.platform,
      });
    },
    async showInFolder({ path }) {
      if (!isAbsolute(path)) return fail('INVALID_ARGUMENT', '（路径必须是绝对路径）');
      host.showItemInFolder(path);
      return ok(null);
    },
    async readyToClose() {
      host.readyToClose();
      return ok(null);
    },
    async holdClose() {
      host.holdClose();
      return ok(null);
    },
  };
}
