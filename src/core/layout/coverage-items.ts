import { formatChineseDate } from '../briefing';
import type { CoverageItem } from '../fonts';
import type { Briefing } from '../../shared/briefing';
import type { Template } from '../../shared/template';
import { headingPrefix, stripTypedNumber } from './numbering';
import { citationText, excerptText } from './text';

/** What a citation marker 〔n〕 may hold. */
const MARKER_CHARS = '〔〕0123456789';

/**
 * Every string the layout will draw, with the font role it is drawn in and where it comes from
 * (in Chinese, for the error message): checked against the fonts before layout.
 */
export function coverageItems(briefing: Briefing, template: Template, extra: { copyNumber?: string; watermark?: string } = {}): CoverageItem[] {
  const items: CoverageItem[] = [];
  const m = template.masthead;
  const meta = briefing.meta;
  const add = (text: string, role: CoverageItem['role'], where: string) => {
    if (text.trim() !== '') items.push({ text, role, where });
  };
  add(meta.seriesName || template.name, m.seriesName.style.role, '简报名称');
  add(meta.classification, m.mark.role, '密级或标识');
  add(m.fixedMark ?? '', m.mark.role, '模板标识');
  if (m.docNumber) add(meta.docNumber, m.docNumber.style.role, '发文字号');
  add(meta.urgency, m.urgency.role, '紧急程度');
  add(`${m.issue.format}${m.issue.totalFormat}0123456789`, m.issue.style.role, '期号');
  add(`${meta.publisher}${m.publisherRow.publisherSuffix}`, m.publisherRow.style.role, '编印单位');
  if (meta.issueDate) add(formatChineseDate(meta.issueDate), m.publisherRow.style.role, '印发日期');
  add(briefing.title, template.title.style.role, '标题');
  add(template.note.label, template.note.labelStyle.role, '按语');
  add(meta.editorNote, template.note.style.role, '按语');
  const body = template.body.style.role;
  const markers = template.sources.enabled && template.sources.markers !== false;
  briefing.blocks.forEach((block, index) => {
    const where = `第${index + 1}块`;
    switch (block.type) {
      case 'heading': {
        const h = template.headings[Math.min(Math.max(block.level, 1), 4) - 1]!;
        add(`${headingPrefix(h.numbering, 1)}${stripTypedNumber(block.text)}`, h.style.role, `${where}（标题“${block.text.slice(0, 12)}”）`);
        break;
      }
      case 'paragraph':
        add(block.runs.map((r) => r.text).join(''), body, `${where}（段落）`);
        if (markers && block.runs.some((r) => r.link)) add(MARKER_CHARS, body, `${where}（来源角标）`);
        break;
      case 'note':
        add(block.label ?? template.note.label, template.note.labelStyle.role, `${where}（按语）`);
        add(block.text, template.note.style.role, `${where}（按语）`);
        break;
      case 'excerpt':
        add(excerptText(block), template.excerpt.style.role, `${where}（资料摘录）`);
        add(citationText(block.frozen, [block.frozen.citation.paragraph]), template.sources.style.role, `${where}（资料来源）`);
        if (markers) add(MARKER_CHARS, template.excerpt.style.role, `${where}（来源角标）`);
        break;
      case 'table':
        add(`表0123456789\u3000${block.caption}`, template.table.captionStyle.role, `${where}（表格标题）`);
        add(block.columns.map((c) => `${c.label}${c.unit ?? ''}`).join('') + template.table.unitFormat, template.table.headerStyle.role, `${where}（表头）`);
        add(block.rows.map((r) => r.label + r.cells.map((c) => c.text).join('')).join(''), template.table.cellStyle.role, `${where}（表格）`);
        add(block.note ?? '', template.table.noteStyle.role, `${where}（表注）`);
        break;
      case 'chart':
        add(`图0123456789\u3000${block.title}`, template.chart.titleStyle.role, `${where}（图表标题）`);
        add(`${block.unit}单位：${block.bars.map((b) => b.label).join('')}0123456789.-（${template.chart.derivedLabel}）${template.chart.emptyText}${block.note ?? ''}`, template.chart.labelStyle.role, `${where}（图表）`);
        break;
      case 'attachment':
        add(block.title, template.attachments.titleStyle.role, `${where}（附件标题）`);
        add(block.paragraphs.join(''), body, `${where}（附件正文）`);
        break;
      case 'pageBreak':
        break;
    }
  });
  const t = template.tail;
  const d = meta.distribution;
  add(`${t.labels.bao}${t.labels.song}${t.labels.fa}${[...d.bao, ...d.song, ...d.fa].join('')}${t.separator}${t.terminator}${t.copiesFormat}${t.printedDateFormat ?? ''}年月日0123456789`, t.style.role, '报尾');
  if (t.baoPosition === 'under-title') add(`${d.bao.join(t.separator)}：`, template.body.style.role, '主送机关');
  add(`${template.pageNumbers.format}0123456789`, template.pageNumbers.style.role, '页码');
  add(extra.copyNumber ?? '', m.copyNumber.style.role, '份号');
  add(extra.watermark ?? meta.watermark, template.watermark.role, '水印');
  return items;
}
