// The export dialog's result in the desktop app: the preload has set `window.api` before the page's
// modules load (here before this file's imports), so files are shown in their folder, one by one.
import { fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { expect, it, vi } from 'vitest';

vi.hoisted(() => {
  const ok = async () => ({ ok: true, value: null });
  // Only what the dialog itself reaches through `api` (its progress polling); the editor has its own fake client.
  Object.defineProperty(window, 'api', { value: { getExportProgress: ok, confirmExportReplace: ok, cancelExport: ok }, configurable: true });
});

import { browserMode } from '../../api';
import { editorContext } from '../editor/context';
import { makeEditor, sampleBriefing } from '../editor/test-support';
import ExportDialog from './ExportDialog.svelte';

it('shows each exported file in its folder, and the main one with 在文件夹中显示', async () => {
  expect(browserMode).toBe(false);
  const { editor } = makeEditor(sampleBriefing(), {
    exportPdf: async () => ({ ok: true, value: { path: '/out/工作简报.pdf', pageCount: 1, byteSize: 1, fonts: [], copies: [], register: null, files: [{ format: 'pdf', path: '/out/工作简报.pdf', copyNumber: null }, { format: 'docx', path: '/out/工作简报.docx', copyNumber: null }] } }),
  });
  const revealed: string[] = [];
  editor.showInFolder = (path: string) => void revealed.push(path);
  const traits = { docNumber: false, numberedCopiesAlways: false, fixedMark: '', mainRecipientsUnderTitle: false, labels: { bao: '报', song: '送', fa: '发' } };
  const view = render(ExportDialog, { props: { onclose: () => undefined, traits }, context: editorContext(editor) });
  await tick();
  await fireEvent.click(view.getByTestId('export-confirm'));
  await view.findByTestId('export-result');
  expect(view.getByTestId('export-reveal').textContent).toBe('在文件夹中显示');
  expect(view.getAllByTestId('export-file').map((f) => f.textContent)).toEqual(['/out/工作简报.pdf', '/out/工作简报.docx']);
  const open = view.getAllByTestId('export-file-open');
  expect(open.map((b) => [b.textContent, b.getAttribute('aria-label')])).toEqual(
    view.getAllByTestId('export-file').map((f) => ['显示', `在文件夹中显示 ${f.textContent!.split('/').pop()}`]),
  );
  await fireEvent.click(open.at(-1)!);
  await fireEvent.click(view.getByTestId('export-reveal'));
  expect(revealed).toEqual(['/out/工作简报.docx', '/out/工作简报.pdf']);
});
