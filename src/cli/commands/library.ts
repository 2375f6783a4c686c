import { CliUserError, type CliCommand } from '../io';

/** `briefsmith library`: not built yet (its capability fills it in). */
export const libraryCommand: CliCommand = {
  name: 'library',
  summary: { zh: '（尚未实现）', en: '(not built yet)' },
  usage: 'briefsmith library',
  async run() {
    throw new CliUserError('该命令尚未实现。');
  },
};
