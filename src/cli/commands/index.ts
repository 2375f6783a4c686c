// The sub-commands of `briefsmith`, in help order. Commands beyond export load lazily so that the
// main job (export / demo) starts fast.
import { lazyCommand, type CliCommand } from '../io';
import { demoCommand } from './demo';
import { exportCommand } from './export';

export const commands: readonly CliCommand[] = [
  demoCommand,
  exportCommand,
  lazyCommand(
    { name: 'library', summary: { zh: '在资料库中查找政策措施与指标（中文或拼音）', en: 'search the policy library (Chinese or pinyin)' } },
    async () => (await import('./library')).libraryCommand,
  ),
  lazyCommand(
    { name: 'template', summary: { zh: '模板维护：检查、预览（可自动刷新）、新建、列出', en: 'template maintenance: check, preview (with --watch), new, list' } },
    async () => (await import('./template')).templateCommand,
  ),
  lazyCommand({ name: 'open', summary: { zh: '在浏览器中打开简报工坊（仅本机，无需 Electron）', en: 'open the app in your browser (local only, no Electron needed)' } }, async () => (await import('./open')).openCommand),
];
