import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findAppPaths } from '../../main/paths';
import type { CliCommand } from '../io';
import { readBriefing, runExport } from './export';

/** `briefsmith demo -o 简报示例.pdf`: exports the bundled sample briefing with the PDF engine. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: { zh: '导出示例简报（杭州“六小龙”现象对我市的启示）', en: 'export the sample briefing as PDF' },
  usage: `用法 Usage: briefsmith demo [-o 输出.pdf] [--watermark 文字] [--pdfa]
  -o, --output   输出文件（默认：简报示例.pdf）
  --watermark    水印文字，如“征求意见稿”
  --pdfa         输出 PDF/A-2b`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { output: { type: 'string', short: 'o' }, watermark: { type: 'string' }, pdfa: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    });
    const paths = findAppPaths(import.meta.dirname);
    const briefing = readBriefing(join(paths.resourcesDir, 'samples', 'demo-briefing.json'));
    await runExport(io, {
      briefing,
      out: values.output ?? '简报示例.pdf',
      ...(values.watermark !== undefined ? { watermark: values.watermark } : {}),
      ...(values.pdfa ? { pdfa: true } : {}),
    });
    return 0;
  },
};
