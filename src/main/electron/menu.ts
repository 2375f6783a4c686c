import type { MenuItemConstructorOptions } from 'electron';
import { menuAccelerators, redoAccelerator, type MenuCommand } from '../../shared/api';

/** What the menu does besides sending commands to the renderer. */
export interface MenuActions {
  send(command: MenuCommand): void;
  quit(): void;
  toggleDevTools?(): void;
}

/** The application menu in Chinese (文件 编辑 视图 帮助), with the usual accelerators. */
export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const accelerators: Partial<Record<MenuCommand, string>> = { ...menuAccelerators, redo: redoAccelerator(platform) };
  const cmd = (label: string, command: MenuCommand): MenuItemConstructorOptions => {
    const accelerator = accelerators[command];
    return { label, ...(accelerator ? { accelerator } : {}), click: () => actions.send(command) };
  };
  const menus: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [
        cmd('新建简报', 'new-draft'),
        cmd('草稿箱', 'open-drafts'),
        { type: 'separator' },
        cmd('导入简报文件…', 'import-draft'),
        cmd('导出简报文件…', 'export-json'),
        cmd('存为版本…', 'save-version'),
        { type: 'separator' },
        cmd('导出（PDF/Word/OFD）…', 'export-pdf'),
        cmd('模板库', 'open-templates'),
        { type: 'separator' },
        { label: platform === 'darwin' ? '退出简报工坊' : '退出', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    {
      label: '编辑',
      submenu: [
        cmd('撤销', 'undo'),
        cmd('重做', 'redo'),
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '粘贴为纯文本', role: 'pasteAndMatchStyle' },
        { label: '全选', role: 'selectAll' },
        { type: 'separator' },
        cmd('在资料库中查找', 'find-in-library'),
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        ...(actions.toggleDevTools ? [{ label: '开发者工具', accelerator: 'CmdOrCtrl+Alt+I', click: () => actions.toggleDevTools?.() }] : []),
      ],
    },
    {
      label: '帮助',
      submenu: [cmd('快捷键一览', 'show-shortcuts'), { type: 'separator' }, cmd('关于简报工坊', 'show-about')],
    },
  ];
  return menus;
}
