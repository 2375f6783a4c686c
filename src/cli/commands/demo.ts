import { CliUserError, type CliCommand } from '../io';

/** `briefsmith demo`: not built yet (its capability fills it in). */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: { zh: '（尚未实现）', en: '(not built yet)' },
  usage: 'briefsmith demo',
  async run() {
    throw new CliUserError('该命令尚未实现。');
  },
};
