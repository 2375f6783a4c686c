// The editor's template-version notice in jsdom: outdated → message, side-by-side of the pinned and
// the current version, and 改用 N 版 hands the new reference to the editor; current → nothing.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import VersionNotice from './VersionNotice.svelte';
import type { TemplatesClient } from './client';
import type { TemplateVersionStatus } from '../../../shared/api/templates';
import type { Briefing } from '../../../shared/briefing';
import { ok } from '../../../shared/errors';

const draft = { schemaVersion: 1, id: 'd1', title: '草稿', template: { id: 'shiwei-jianbao', version: '1.0.0' }, meta: {}, blocks: [] } as unknown as Briefing;

function client(status: TemplateVersionStatus) {
  const previewTemplate = vi.fn(async ({ id, version }: { id: string; version?: string }) => ok({ pdf: new Uint8Array([1]), pageCount: 1, fonts: [], templateId: id, version: version ?? '1.1.0' }));
  return { client: { templateVersionStatus: vi.fn(async () => ok(status)), previewTemplate } as unknown as TemplatesClient, previewTemplate };
}
const renderPages = async () => ['data:image/png;base64,x'];

describe('template version notice', () => {
  it('offers the newer version with a side-by-side preview and hands the move to the editor', async () => {
    const { client: c, previewTemplate } = client({ id: 'shiwei-jianbao', pinned: '1.0.0', current: '1.1.0', state: 'outdated', changes: ['报头'], message: '草稿固定使用“市委工作简报”1.0.0 版，模板已更新到 1.1.0 版（变化：报头）。' });
    const onmove = vi.fn();
    render(VersionNotice, { props: { draft, onmove, client: c, renderPages } });
    const notice = await screen.findByTestId('template-version-notice');
    expect(notice.textContent).toContain('变化：报头');
    await fireEvent.click(screen.getByTestId('version-compare'));
    await waitFor(() => expect(screen.getByTestId('compare-other').querySelectorAll('img')).toHaveLength(1));
    expect(screen.getByTestId('compare-own').textContent).toContain('现用 1.0.0 版');
    expect(previewTemplate).toHaveBeenCalledWith({ id: 'shiwei-jianbao', version: '1.0.0', briefing: draft });
    expect(previewTemplate).toHaveBeenCalledWith({ id: 'shiwei-jianbao', briefing: draft });
    await fireEvent.click(screen.getByTestId('version-move'));
    expect(onmove).toHaveBeenCalledWith({ id: 'shiwei-jianbao', version: '1.1.0' });
  });

  it('says nothing when the draft uses the current version', async () => {
    const { client: c } = client({ id: 'shiwei-jianbao', pinned: '1.0.0', current: '1.0.0', state: 'current', changes: [], message: '' });
    render(VersionNotice, { props: { draft, onmove: vi.fn(), client: c, renderPages } });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('template-version-notice')).toBeNull();
  });
});
