// The insert commands of the toolbar and the `/` menu, found by Chinese name and pinyin initials.
import { describe, expect, it } from 'vitest';
import { filterCommands, insertCommands } from './commands';

describe('/ commands', () => {
  it('find commands by Chinese name and pinyin initials', () => {
    expect(filterCommands('对比')[0]?.id).toBe('table');
    expect(filterCommands('zzt')[0]?.id).toBe('chart');
    expect(filterCommands('bt').map((c) => c.id)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(filterCommands('fy').map((c) => c.id)).toEqual(['pageBreak']);
    expect(filterCommands('')).toEqual([...insertCommands]);
    expect(filterCommands('')).toHaveLength(11);
  });

  it('lists what starts with the query before what merely contains it', () => {
    expect(filterCommands('标题').map((c) => c.id)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(filterCommands('附')[0]?.id).toBe('attachment');
    expect(filterCommands('没有这个')).toEqual([]);
  });
});
