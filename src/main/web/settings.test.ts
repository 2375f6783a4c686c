import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultExportDir, desktopDataDir, exportDirFor, isInside, readWebSettings, WEB_SETTINGS_FILE, writeWebSettings } from './settings';

describe('browser mode folders', () => {
  it('uses the desktop app’s data folder (Electron userData: the platform folder + productName)', () => {
    expect(desktopDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/简报工坊 BriefSmith');
    expect(desktopDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/简报工坊 BriefSmith');
    expect(desktopDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.config/简报工坊 BriefSmith');
    expect(desktopDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/简报工坊 BriefSmith');
    expect(desktopDataDir({ APPDATA: '/AppData/Roaming' }, 'win32', '/u')).toBe(join('/AppData/Roaming', '简报工坊 BriefSmith'));
    expect(desktopDataDir({ BRIEFSMITH_DATA_DIR: '/tmp/x' }, 'linux', '/home/u')).toBe('/tmp/x');
  });

  it('exports into the configured folder, else ~/Documents/简报工坊导出, else <data>/exports', () => {
    const home = mkdtempSync(join(tmpdir(), 'bs-home-'));
    const data = join(home, 'data');
    expect(defaultExportDir(data, home)).toBe(join(data, 'exports'));
    mkdirSync(join(home, 'Documents'));
    expect(exportDirFor(data, home)).toBe(join(home, 'Documents', '简报工坊导出'));
    writeWebSettings(data, { exportDir: '/srv/exports' });
    expect(exportDirFor(data, home)).toBe('/srv/exports');
    // a damaged or relative setting is ignored
    writeFileSync(join(data, WEB_SETTINGS_FILE), '{"exportDir": "relative/dir"}');
    expect(readWebSettings(data)).toEqual({});
    writeFileSync(join(data, WEB_SETTINGS_FILE), '{not json');
    expect(readWebSettings(data)).toEqual({});
  });

  it('knows what lies inside a folder', () => {
    expect(isInside('/a/b', '/a/b/c.pdf')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc/d.pdf')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c.pdf')).toBe(false);
  });
});
