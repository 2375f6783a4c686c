// Chinese input: IME composition, full-width punctuation as you type, paste from Word and the web.
import { fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { runsText } from '../../../core/briefing';
import type { Block } from '../../../shared/briefing';
import BlockList from './BlockList.svelte';
import { htmlToText } from './clipboard';
import { filterCommands } from './commands';
import { editorContext } from './context';
import { makeEditor, sampleBriefing } from './test-support';

function setup() {
  const made = makeEditor({ ...sampleBriefing(), blocks: [{ id: 'p1', type: 'paragraph', runs: [{ text: '杭州' }] }, { id: 'p2', type: 'paragraph', runs: [{ text: '' }] }] });
  const view = render(BlockList, { props: { ondropitem: () => undefined }, context: editorContext(made.editor) });
  const area = view.container.querySelector<HTMLTextAreaElement>('[data-block-id="p1"] textarea')!;
  const text = () => runsText((made.editor.draft.blocks[0] as Extract<Block, { type: 'paragraph' }>).runs);
  return { ...made, view, area, text };
}

function clipboard(data: Record<string, string>) {
  return { getData: (type: string) => data[type] ?? '', types: Object.keys(data) };
}

describe('IME composition', () => {
  it('does not touch the model or save during a composition, and commits once when it ends', async () => {
    const { editor, area, text, calls } = setup();
    area.focus();
    area.setSelectionRange(2, 2);
    await fireEvent.compositionStart(area);
    expect(editor.composing).toBe(true);
    for (const partial of ['杭州l', '杭州liu', '杭州六']) {
      area.value = partial;
      await fireEvent.input(area, { isComposing: true });
    }
    expect(text()).toBe('杭州');
    await new Promise((r) => setTimeout(r, 700));
    expect(calls.filter((c) => c.method === 'saveDraft')).toHaveLength(0);
    area.value = '杭州六小龙';
    await fireEvent.compositionEnd(area, { data: '六小龙' });
    expect(text()).toBe('杭州六小龙');
    expect(editor.composing).toBe(false);
    expect(area.value).toBe('杭州六小龙');
    // A trailing input after compositionend (Safari) changes nothing.
    await fireEvent.input(area);
    expect(text()).toBe('杭州六小龙');
    await new Promise((r) => setTimeout(r, 700));
    expect(calls.filter((c) => c.method === 'saveDraft')).toHaveLength(1);
  });

  it('never rewrites the textarea from the model mid-composition, even when the model changes', async () => {
    const { editor, area } = setup();
    await fireEvent.compositionStart(area);
    area.value = '杭州zhong';
    await fireEvent.input(area, { isComposing: true });
    editor.setMeta({ issueNumber: 9 });
    await tick();
    expect(area.value).toBe('杭州zhong');
    await fireEvent.compositionEnd(area);
  });
});

describe('full-width punctuation', () => {
  it('turns a comma typed after Chinese into ，, and leaves 3.85 alone', async () => {
    const { area, text } = setup();
    area.focus();
    area.setSelectionRange(2, 2);
    const comma = new InputEvent('beforeinput', { data: ',', inputType: 'insertText', cancelable: true, bubbles: true });
    area.dispatchEvent(comma);
    expect(comma.defaultPrevented).toBe(true);
    expect(text()).toBe('杭州，');
    await tick();
    area.value = '杭州，3';
    await fireEvent.input(area);
    area.setSelectionRange(4, 4);
    const dot = new InputEvent('beforeinput', { data: '.', inputType: 'insertText', cancelable: true, bubbles: true });
    area.dispatchEvent(dot);
    expect(dot.defaultPrevented).toBe(false);
  });

  it('can be turned off', async () => {
    const { editor, area, text } = setup();
    editor.fullWidth = false;
    area.setSelectionRange(2, 2);
    const comma = new InputEvent('beforeinput', { data: ',', inputType: 'insertText', cancelable: true, bubbles: true });
    area.dispatchEvent(comma);
    expect(comma.defaultPrevented).toBe(false);
    expect(text()).toBe('杭州');
  });
});

describe('paste', () => {
  it('keeps the paragraphs of Word HTML and drops its styles', async () => {
    const { editor, area } = setup();
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:仿宋}</style></head><body>
      <p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>一是</span></b><span style='color:red'>强化"链主"企业引领,</span><o:p></o:p></p>
      <p class=MsoNormal><span>二是优化服务。</span></p><p class=MsoNormal><o:p>&nbsp;</o:p></p></body></html>`;
    area.focus();
    area.setSelectionRange(2, 2);
    await fireEvent.paste(area, { clipboardData: clipboard({ 'text/html': word, 'text/plain': 'ignored' }) });
    const texts = editor.draft.blocks.map((b) => (b.type === 'paragraph' ? runsText(b.runs) : b.type));
    expect(texts).toEqual(['杭州一是强化“链主”企业引领，', '二是优化服务。', '']);
    expect(JSON.stringify(editor.draft)).not.toMatch(/font|color|Mso/);
  });

  it('pastes web HTML with line breaks and lists as paragraphs', () => {
    const html = '<div><h2>标题</h2><p>第一段<br>第二段</p><ul><li>甲</li><li>乙</li></ul><script>alert(1)</script></div>';
    expect(htmlToText(html).split('\n').map((s) => s.trim()).filter(Boolean)).toEqual(['标题', '第一段', '第二段', '甲', '乙']);
  });

  it('pastes one line of plain text in place', async () => {
    const { area, text } = setup();
    area.setSelectionRange(2, 2);
    await fireEvent.paste(area, { clipboardData: clipboard({ 'text/plain': '六小龙,出圈\r\n' }) });
    expect(text()).toBe('杭州六小龙，出圈');
  });
});

describe('/ commands', () => {
  it('find commands by Chinese name and pinyin initials', () => {
    expect(filterCommands('对比')[0]?.id).toBe('table');
    expect(filterCommands('zzt')[0]?.id).toBe('chart');
    expect(filterCommands('bt').map((c) => c.id)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(filterCommands('')).toHaveLength(11);
  });
});
