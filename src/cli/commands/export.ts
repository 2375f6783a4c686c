import { CliUserError, type CliCommand } from '../io';

/** `briefsmith export`: not built yet (its capability fills it in). */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: { zh: '（尚未实现）', en: '(not built yet)' },
  usage: 'briefsmith export',
  async run() {
    throw new CliUserError('该命令尚未实现。');
  },
};
