import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from './window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('round-trips size and position through a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bs-ws-')), 'window-state.json');
    await saveWindowState(file, { x: 40, y: 30, width: 1500, height: 950, maximized: true });
    expect(loadWindowState(file, screen)).toEqual({ x: 40, y: 30, width: 1500, height: 950, maximized: true });
  });
  it('falls back to the default for a missing or corrupt file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-ws-'));
    expect(loadWindowState(join(dir, 'none.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion":1,"width":"x"');
    expect(loadWindowState(join(dir, 'bad.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
  });
  it('drops a position that is off every screen and enforces the minimum size', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bs-ws-')), 'w.json');
    await saveWindowState(file, { x: 5000, y: 3000, width: 800, height: 600, maximized: false });
    expect(loadWindowState(file, screen)).toEqual({ width: 1280, height: 800, maximized: false });
  });
});
