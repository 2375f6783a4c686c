// The details pane's summary of a template names what it asks beyond looks: 公文 form (发文字号,
// no 编印单位 row, 主送 under the title, 印发 date in the 版记), always-numbered copies, a fixed mark, a logo.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TemplateFacts from './TemplateFacts.svelte';
import type { TemplateDetails } from '../../../shared/api/templates';
import type { Template } from '../../../shared/template';
import builtin from '../../../../templates/gongzuo-jianbao.json';

function details(change: (t: Template) => void): TemplateDetails {
  const template = structuredClone(builtin) as unknown as Template;
  change(template);
  const info = { id: template.id, name: template.name, version: template.version, description: '', origin: 'builtin', readOnly: true, file: '', extends: null, valid: true, errors: 0, warnings: 0, versions: [template.version] } as const;
  return { info, template, report: { file: '', ok: true, errors: 0, warnings: 0, issues: [] } } as unknown as TemplateDetails;
}

describe('template facts', () => {
  it('a plain 简报: 期号 and 印数, no fixed rules', () => {
    render(TemplateFacts, { props: { details: details(() => undefined) } });
    const text = screen.getByTestId('template-facts').textContent ?? '';
    expect(text).toContain('期号“第N期”');
    expect(text).toContain('报： 送： 发：');
    expect(screen.queryByTestId('template-rules')).toBeNull();
  });

  it('公文 form and house rules are spelled out', () => {
    render(TemplateFacts, {
      props: {
        details: details((t) => {
          t.masthead.docNumber = { style: { role: 'fangsong', sizePt: 16 }, slotsBefore: 2 };
          t.masthead.publisherRow.show = false;
          t.masthead.logo = { file: 'images/徽标.png', widthMm: 20, heightMm: 20, topMm: 40, align: 'center' };
          t.masthead.copyNumber.always = true;
          t.masthead.fixedMark = '会后收回';
          t.tail.baoPosition = 'under-title';
          t.tail.labels.song = '抄送：';
          t.tail.printedDateFormat = '{date}印发';
        }),
      },
    });
    const text = screen.getByTestId('template-facts').textContent ?? '';
    expect(text).toContain('发文字号（未填时印期号）');
    expect(text).toContain('不印编印单位行');
    expect(text).toContain('标志图片 images/徽标.png');
    expect(text).toContain('主送机关在标题下');
    expect(text).toContain('印发机关 ×年×月×日印发');
    expect(screen.getByTestId('template-rules').textContent).toBe('总是编号印制（每次导出生成编号副本和分发登记表）；左上角总印“会后收回”');
  });
});
