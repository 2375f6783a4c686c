// The find bar (Ctrl+F / Ctrl+H) on an editor: counts in the body and the title, Enter steps,
// 全部替换 is one undo step, Esc closes.
import { cleanup, fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { editorContext } from './context';
import FindBar from './FindBar.svelte';
import { makeEditor, sampleBriefing } from './test-support';

afterEach(() => cleanup());

function setup() {
  const b = sampleBriefing();
  const { editor } = makeEditor({ ...b, title: '营商环境的启示', blocks: [...b.blocks, { id: 'p3', type: 'paragraph', runs: [{ text: '营商环境再优化，营商主体更活跃。' }] }] });
  editor.openFind('replace');
  const view = render(FindBar, { context: editorContext(editor) });
  return { editor, view };
}

describe('find bar', () => {
  it('counts matches in the body and the title and steps through the body with Enter', async () => {
    const { editor, view } = setup();
    const input = view.getByTestId('find-input') as HTMLInputElement;
    input.value = '营商';
    await fireEvent.input(input);
    await tick();
    expect(editor.find?.matches).toHaveLength(3);
    expect(view.getByTestId('find-count').textContent).toContain('标题 1 处');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await tick();
    const first = editor.pmState.selection;
    expect(editor.pmState.doc.textBetween(first.from, first.to)).toBe('营商');
    expect(view.getByTestId('find-count').textContent).toMatch(/正文 \d\/3 处/);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(editor.pmState.selection.from).not.toBe(first.from);
  });

  it('全部替换 replaces in the title and the body as one undo step, and Esc closes', async () => {
    const { editor, view } = setup();
    const before = editor.draft;
    const input = view.getByTestId('find-input') as HTMLInputElement;
    input.value = '营商';
    await fireEvent.input(input);
    const replacement = view.getByTestId('replace-input') as HTMLInputElement;
    replacement.value = '发展';
    await fireEvent.input(replacement);
    await fireEvent.click(view.getByTestId('replace-all'));
    await tick();
    expect(view.getByRole('status').textContent).toBe('已替换 4 处');
    expect(editor.draft.title).toBe('发展环境的启示');
    expect(JSON.stringify(editor.draft.blocks)).not.toContain('营商');
    editor.undo();
    expect(editor.draft).toEqual(before);
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(editor.findBar).toBe('closed');
    expect(editor.find?.query).toBe('');
  });
});
