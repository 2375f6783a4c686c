import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from './menu';
import { acceleratorLabel, menuAccelerators } from '../../shared/api';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('application menu', () => {
  const send = vi.fn();
  const template = buildMenuTemplate({ send, quit: vi.fn() }, 'linux');
  it('has the four Chinese top-level menus', () => {
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });
  it('has the usual accelerators', () => {
    const items = flatten(template);
    const accel = (label: string) => items.find((i) => i.label === label)?.accelerator;
    expect(accel('新建简报')).toBe('CmdOrCtrl+N');
    expect(accel('导出（PDF/Word/OFD）…')).toBe('CmdOrCtrl+E');
    expect(accel('撤销')).toBe('CmdOrCtrl+Z');
    expect(accel('重做')).toBe('Ctrl+Y');
    expect(accel('快捷键一览')).toBe('F1');
    expect(accel('退出')).toBe('CmdOrCtrl+Q');
  });
  it('takes its accelerators from the one table the help sheet (F1) shows', () => {
    const items = flatten(template);
    for (const [command, accelerator] of Object.entries(menuAccelerators)) {
      send.mockClear();
      const item = items.find((i) => i.accelerator === accelerator);
      expect(item, command).toBeDefined();
      (item?.click as () => void)();
      expect(send).toHaveBeenCalledWith(command);
    }
    expect(acceleratorLabel('CmdOrCtrl+Shift+O')).toBe('Ctrl + Shift + O');
    expect(acceleratorLabel('CmdOrCtrl+E', true)).toBe('⌘ + E');
    expect(flatten(buildMenuTemplate({ send, quit: vi.fn() }, 'darwin')).find((i) => i.label === '重做')?.accelerator).toBe('Cmd+Shift+Z');
  });
  it('sends menu commands to the renderer', () => {
    const item = flatten(template).find((i) => i.label === '导出（PDF/Word/OFD）…');
    (item?.click as () => void)();
    expect(send).toHaveBeenCalledWith('export-pdf');
  });
  it('has only Chinese labels', () => {
    for (const item of flatten(template)) if (item.label) expect(item.label).toMatch(/[\u4e00-\u9fff]/);
  });
});
