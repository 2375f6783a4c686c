import { describe, expect, it } from 'vitest';
import { UndoStack } from './undo';

function stack(limit = 500) {
  let t = 0;
  const s = new UndoStack<string, string>({ limit, coalesceMs: 1000, now: () => t });
  return { s, tick: (ms: number) => (t += ms) };
}

describe('UndoStack', () => {
  it('undoes and redoes whole versions in order', () => {
    const { s } = stack();
    s.record('a', '插入段落');
    s.record('b', '移动块');
    expect(s.undo('c')?.state).toBe('b');
    expect(s.undo('b')?.state).toBe('a');
    expect(s.undo('a')).toBeNull();
    expect(s.redo('a')?.state).toBe('b');
    expect(s.redo('b')?.state).toBe('c');
    expect(s.redo('c')).toBeNull();
  });

  it('merges a burst of typing in one field into one step, and splits on a pause', () => {
    const { s, tick } = stack();
    s.record('', '输入文字', { coalesceKey: 'p1' });
    tick(200);
    s.record('杭', '输入文字', { coalesceKey: 'p1' });
    tick(200);
    s.record('杭州', '输入文字', { coalesceKey: 'p1' });
    tick(1500);
    s.record('杭州六', '输入文字', { coalesceKey: 'p1' });
    expect(s.size.undo).toBe(2);
    expect(s.undo('杭州六小龙')?.state).toBe('杭州六');
    expect(s.undo('杭州六')?.state).toBe('');
  });

  it('does not merge typing in different fields or after seal()', () => {
    const { s } = stack();
    s.record('1', '输入文字', { coalesceKey: 'p1' });
    s.record('2', '输入文字', { coalesceKey: 'p2' });
    s.seal();
    s.record('3', '输入文字', { coalesceKey: 'p2' });
    expect(s.size.undo).toBe(3);
  });

  it('a new edit clears redo; undo then typing does not merge into the old step', () => {
    const { s } = stack();
    s.record('a', '输入文字', { coalesceKey: 'p1' });
    s.undo('ab');
    expect(s.canRedo).toBe(true);
    s.record('a', '输入文字', { coalesceKey: 'p1' });
    expect(s.canRedo).toBe(false);
    expect(s.size.undo).toBe(1);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const { s } = stack(3);
    for (const v of ['a', 'b', 'c', 'd']) s.record(v, '编辑');
    expect(s.size.undo).toBe(3);
    s.undo('e');
    s.undo('d');
    expect(s.undo('c')?.state).toBe('b');
    expect(s.canUndo).toBe(false);
  });

  it('carries labels and caret hints both ways', () => {
    const { s } = stack();
    s.record('a', '插入对比表', { focus: 'block-1' });
    expect(s.undoLabel).toBe('插入对比表');
    const step = s.undo('b', 'block-2');
    expect(step?.focus).toBe('block-1');
    expect(s.redoLabel).toBe('插入对比表');
    expect(s.redo('a')?.focus).toBe('block-2');
  });
});
