import type { TemplateIssue } from '../../shared/api/templates';
import { FONT_ROLES } from '../../shared/template';
import { formatPath } from '../../shared/validation';
import { readImageHeader } from '../layout';
import { locate, type TemplateLoader } from './extends';
import type { FontRole } from '../../shared/template';
import { issue } from './issues';
import { FONT_EXTENSIONS, IMAGE_EXTENSIONS, isRemoteUrl, pathProblem } from './paths';
import { valueAt } from './schema-issues';
import { isRecord, type JsonPath, type TemplateSource } from './source';

const PT_PER_MM = 72 / 25.4;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
/** How far a line of full-width characters may be squeezed to fit (GB/T 9704's 28 × 16 pt in 156 mm is 1.3 %). */
const SQUEEZE = 1.03;

/**
 * Checks what the schema cannot: the type area inside the page, the grid inside the type area,
 * grid-placed text no taller than a line, the masthead and page numbers on the sheet, format
 * placeholders, font files inside the template's folder and present, no network addresses, and
 * block ids unique in the skeleton and sample. Reads the merged value defensively: a value the
 * schema already rejected (`rejected`, formatted paths) is skipped, so every problem is reported once.
 */
export function semanticIssues(merged: unknown, sources: readonly TemplateSource[], loader?: TemplateLoader, rejected: ReadonlySet<string> = new Set()): TemplateIssue[] {
  const out: TemplateIssue[] = [];
  // A value the schema already rejected is not used again: one mistake, one message.
  const num = (...path: JsonPath): number | undefined => {
    if (rejected.has(formatPath(path))) return undefined;
    const v = valueAt(merged, path);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const push = (severity: TemplateIssue['severity'], code: TemplateIssue['code'], path: JsonPath, message: string, hint = '') => {
    const where = locate(sources, path);
    out.push(issue(severity, code, where.file, formatPath(path), where, message, hint));
  };

  // Page and type area.
  const pageW = num('page', 'widthMm');
  const pageH = num('page', 'heightMm');
  const left = num('page', 'typeArea', 'leftMm');
  const top = num('page', 'typeArea', 'topMm');
  const areaW = num('page', 'typeArea', 'widthMm');
  const areaH = num('page', 'typeArea', 'heightMm');
  let areaFits = pageW !== undefined && pageH !== undefined && left !== undefined && top !== undefined && areaW !== undefined && areaH !== undefined;
  if (pageW !== undefined && left !== undefined && areaW !== undefined && left + areaW > pageW + 0.01) {
    areaFits = false;
    push(
      'error',
      'page-overflow',
      ['page', 'typeArea', 'widthMm'],
      `page.typeArea 超出纸张右边：订口 ${left} + 版心宽 ${areaW} = ${round(left + areaW)} 毫米，纸宽只有 ${pageW} 毫米`,
      `把 page.typeArea.widthMm 改为不大于 ${round(pageW - left)}，或减小 leftMm（GB/T 9704：A4 订口 28、版心宽 156）`,
    );
  }
  if (pageH !== undefined && top !== undefined && areaH !== undefined && top + areaH > pageH + 0.01) {
    areaFits = false;
    push(
      'error',
      'page-overflow',
      ['page', 'typeArea', 'heightMm'],
      `page.typeArea 超出纸张下边：天头 ${top} + 版心高 ${areaH} = ${round(top + areaH)} 毫米，纸高只有 ${pageH} 毫米`,
      `把 page.typeArea.heightMm 改为不大于 ${round(pageH - top)}，或减小 topMm（GB/T 9704：A4 天头 37、版心高 225）`,
    );
  }
  if (areaFits) {
    const margins: [string, number][] = [
      ['上', top!],
      ['左', left!],
      ['右', pageW! - left! - areaW!],
      ['下', pageH! - top! - areaH!],
    ];
    const thin = margins.filter(([, m]) => m < 5);
    if (thin.length > 0) {
      push('warning', 'page-overflow', ['page', 'typeArea'], `page.typeArea 的${thin.map(([side, m]) => `${side}边距只有 ${round(m)} 毫米`).join('、')}，多数打印机印不到纸边 5 毫米以内`, '各边至少留 5 毫米；公文版式为上 37、左 28、右 26、下 35 毫米');
    }
  }

  // The body grid inside the type area.
  const body = num('body', 'style', 'sizePt');
  const cpl = num('grid', 'charsPerLine');
  const lines = num('grid', 'linesPerPage');
  const model = valueAt(merged, ['grid', 'lineModel']);
  let pitch: number | undefined;
  if (body !== undefined && areaW !== undefined && cpl !== undefined && cpl > 0) {
    const widthPt = areaW * PT_PER_MM;
    if (cpl * body > widthPt * SQUEEZE) {
      push(
        'error',
        'grid-overflow',
        ['grid', 'charsPerLine'],
        `grid.charsPerLine：每行 ${cpl} 字 × 正文 ${body} 磅需要 ${round((cpl * body) / PT_PER_MM)} 毫米，版心宽只有 ${areaW} 毫米`,
        `正文 ${body} 磅时每行最多 ${Math.floor((widthPt * SQUEEZE) / body)} 字；或把 body.style.sizePt 改为不大于 ${Math.floor(((widthPt * SQUEEZE) / cpl) * 10) / 10}`,
      );
    }
  }
  if (body !== undefined && areaH !== undefined && lines !== undefined && lines > 1) {
    const heightPt = areaH * PT_PER_MM;
    pitch = model === 'word-grid' ? heightPt / lines : (heightPt - body) / (lines - 1);
    if (pitch < body) {
      const max = model === 'word-grid' ? Math.floor(heightPt / body) : Math.floor((heightPt - body) / body) + 1;
      push(
        'error',
        'grid-overflow',
        ['grid', 'linesPerPage'],
        `grid.linesPerPage：每页 ${lines} 行、正文 ${body} 磅，行距只有 ${round(pitch)} 磅，比字还小，行与行会重叠`,
        `版心高 ${areaH} 毫米、正文 ${body} 磅时每页最多 ${max} 行；或把 body.style.sizePt 改小`,
      );
      pitch = undefined;
    }
  }

  // Text set on the grid must fit a line.
  if (pitch !== undefined) {
    const onGrid: JsonPath[] = [['headings', 0, 'style'], ['headings', 1, 'style'], ['headings', 2, 'style'], ['headings', 3, 'style'], ['note', 'style'], ['note', 'labelStyle'], ['excerpt', 'style']];
    for (const path of onGrid) {
      const size = num(...path, 'sizePt');
      if (size !== undefined && size > pitch + 0.01) {
        push('error', 'element-overflow', [...path, 'sizePt'], `${formatPath([...path, 'sizePt'])} = ${size} 磅，大于正文行距 ${round(pitch)} 磅，会压到上下行`, `改为不大于 ${Math.floor(pitch)}（标题与正文同在 ${lines} 行的格子上）`);
      }
    }
  }
  const titleSize = num('title', 'style', 'sizePt');
  const titlePitch = num('title', 'linePitchPt');
  if (titleSize !== undefined && titlePitch !== undefined && titlePitch < titleSize) {
    push('error', 'element-overflow', ['title', 'linePitchPt'], `title.linePitchPt = ${titlePitch} 磅，小于标题字号 ${titleSize} 磅，标题换行后会重叠`, `改为不小于 ${titleSize}（二号标题通常 35 磅）`);
  }

  // The masthead name and the page numbers must land on the sheet.
  const nameTop = num('masthead', 'seriesName', 'topMm');
  const nameSize = num('masthead', 'seriesName', 'style', 'sizePt');
  if (nameTop !== undefined && nameSize !== undefined && top !== undefined && areaH !== undefined && nameTop + nameSize / PT_PER_MM > top + areaH) {
    push('error', 'element-overflow', ['masthead', 'seriesName', 'topMm'], `masthead.seriesName.topMm = ${nameTop} 毫米，简报名称落到了版心下边之外`, `GB/T 9704 的发文机关标志上边距版心上边 35 毫米（即 ${round((top ?? 37) + 35)}）；简报常用 ${round((top ?? 37) + 25)}`);
  }
  const pnOn = valueAt(merged, ['pageNumbers', 'enabled']) === true;
  const below = num('pageNumbers', 'belowTypeAreaMm');
  const pnSize = num('pageNumbers', 'style', 'sizePt');
  if (areaFits && pnOn && below !== undefined && pnSize !== undefined && top !== undefined && areaH !== undefined && pageH !== undefined && top + areaH + below + pnSize / PT_PER_MM > pageH) {
    push('error', 'element-overflow', ['pageNumbers', 'belowTypeAreaMm'], `pageNumbers.belowTypeAreaMm = ${below} 毫米，页码落到了纸张之外`, `改为不大于 ${Math.max(0, Math.floor(pageH - top - areaH - pnSize / PT_PER_MM))}（GB/T 9704 为 7）`);
  }
  const minTable = num('table', 'minSizePt');
  const cell = num('table', 'cellStyle', 'sizePt');
  if (minTable !== undefined && cell !== undefined && minTable > cell) {
    push('warning', 'style', ['table', 'minSizePt'], `table.minSizePt = ${minTable} 磅，大于表格正文字号 ${cell} 磅，表格过宽时无法缩小`, `改为不大于 ${cell}（常用 9）`);
  }

  // Format strings and their placeholders.
  const formats: [JsonPath, string][] = [
    [['masthead', 'issue', 'format'], '{n}'],
    [['masthead', 'issue', 'totalFormat'], '{m}'],
    [['tail', 'copiesFormat'], '{n}'],
    [['pageNumbers', 'format'], '{n}'],
    [['table', 'unitFormat'], '{unit}'],
    [['tail', 'printedDateFormat'], '{date}'],
  ];
  // An empty format prints nothing: allowed where leaving the item out makes sense.
  const optionalFormats = new Set(['totalFormat', 'copiesFormat', 'unitFormat', 'printedDateFormat']);
  for (const [path, placeholder] of formats) {
    const text = valueAt(merged, path);
    if (typeof text !== 'string') continue;
    const unknown = [...text.matchAll(/\{[^{}]*\}/g)].map((m) => m[0]).filter((p) => p !== placeholder);
    if (unknown.length > 0) {
      push('error', 'placeholder', path, `${formatPath(path)}“${text}”中有未知占位符 ${unknown.map((u) => `“${u}”`).join('、')}`, `这里只能用 ${placeholder}，如 ${example(path)}`);
    } else if (!text.includes(placeholder) && !(text === '' && optionalFormats.has(String(path[path.length - 1])))) {
      push('error', 'placeholder', path, `${formatPath(path)}“${text}”缺少占位符 ${placeholder}，每处都会印出同样的文字`, `写成 ${example(path)}`);
    }
  }

  // Font files: relative, inside the template's folder, present.
  for (const role of FONT_ROLES) {
    const files = valueAt(merged, ['fonts', role, 'files']);
    if (!Array.isArray(files)) continue;
    files.forEach((file, k) => {
      if (typeof file !== 'string') return;
      const path: JsonPath = ['fonts', role, 'files', k];
      const problem = pathProblem(file, FONT_EXTENSIONS);
      if (problem) {
        push('error', problem.code, path, `${formatPath(path)}“${file}”：${problem.message}`, problem.hint);
        return;
      }
      const where = locate(sources, path);
      if (loader?.escapes?.(file, where.file)) {
        push('error', 'unsafe-path', path, `${formatPath(path)}“${file}”：经符号链接（快捷方式）指向了模板文件夹之外，不予读取`, '把字体文件本身复制到模板文件夹中，不要用符号链接');
        return;
      }
      if (loader?.exists && !loader.exists(file, where.file)) {
        push('error', 'missing-file', path, `${formatPath(path)}：找不到字体文件“${file}”（相对于模板所在的文件夹）`, '把字体文件放到模板文件旁边的相应位置，或删除这一项（将按 systemFamilies 使用系统字体，再用内置开源字体）');
        return;
      }
      fontFileIssues(loader, role, file, where.file, path, push);
    });
  }

  // The masthead logo: a PNG or JPEG inside the template's folder, present, really an image, on the sheet.
  logoIssues(merged, sources, loader, rejected, push, { pageW, pageH, left, areaW });

  // No network addresses anywhere in the layout (content of the sample and skeleton is text, not a reference).
  const walk = (value: unknown, path: (string | number)[]) => {
    if (path[0] === 'sample' || path[0] === 'skeleton' || (path[0] === 'fonts' && path[2] === 'files')) return;
    if (path[0] === 'masthead' && path[1] === 'logo' && path[2] === 'file') return; // checked with the logo
    if (typeof value === 'string') {
      if (isRemoteUrl(value)) push('error', 'remote-url', path, `${formatPath(path)}“${value}”：模板中不允许出现网络地址`, path[0] === '$schema' ? '写相对路径，如 "./template.schema.json"，或删除 "$schema"' : '模板只能使用本地文件和文字');
    } else if (Array.isArray(value)) value.forEach((v, k) => walk(v, [...path, k]));
    else if (isRecord(value)) for (const [key, v] of Object.entries(value)) walk(v, [...path, key]);
  };
  walk(merged, []);

  // Block ids unique within the skeleton and within the sample.
  for (const part of ['skeleton', 'sample'] as const) {
    const blocks = valueAt(merged, [part, 'blocks']);
    if (!Array.isArray(blocks)) continue;
    const seen = new Map<string, number>();
    blocks.forEach((block, k) => {
      const id = isRecord(block) ? block.id : undefined;
      if (typeof id !== 'string') return;
      const first = seen.get(id);
      if (first !== undefined) push('error', 'duplicate-block-id', [part, 'blocks', k, 'id'], `${part}.blocks[${k}].id“${id}”与 ${part}.blocks[${first}] 重复`, '每个块的 id 必须不同，如 s-p1、s-p2');
      else seen.set(id, k);
    });
  }
  return out;
}

function example(path: JsonPath): string {
  switch (path[path.length - 1]) {
    case 'totalFormat':
      return '"（总第{m}期）"';
    case 'copiesFormat':
      return '"（共印{n}份）"';
    case 'unitFormat':
      return '"（{unit}）"';
    case 'printedDateFormat':
      return '"{date}印发"';
    case 'format':
      return path[0] === 'pageNumbers' ? '"— {n} —"' : '"第{n}期"';
    default:
      return '';
  }
}

type Push = (severity: TemplateIssue['severity'], code: TemplateIssue['code'], path: JsonPath, message: string, hint?: string) => void;

/** `masthead.logo`: its file like a font file (relative, inside the folder, present), an image in fact, its box on the sheet. */
function logoIssues(
  merged: unknown,
  sources: readonly TemplateSource[],
  loader: TemplateLoader | undefined,
  rejected: ReadonlySet<string>,
  push: Push,
  page: { pageW: number | undefined; pageH: number | undefined; left: number | undefined; areaW: number | undefined },
): void {
  const logo = valueAt(merged, ['masthead', 'logo']);
  if (!isRecord(logo)) return;
  const filePath: JsonPath = ['masthead', 'logo', 'file'];
  const file = logo.file;
  if (typeof file === 'string' && !rejected.has(formatPath(filePath))) {
    const problem = pathProblem(file, IMAGE_EXTENSIONS);
    const where = locate(sources, filePath);
    if (problem) {
      push('error', problem.code, filePath, `masthead.logo.file“${file}”：${problem.message}`, problem.hint);
    } else if (loader?.escapes?.(file, where.file)) {
      push('error', 'unsafe-path', filePath, `masthead.logo.file“${file}”：经符号链接（快捷方式）指向了模板文件夹之外，不予读取`, '把图片文件本身复制到模板文件夹中，不要用符号链接');
    } else if (loader?.exists && !loader.exists(file, where.file)) {
      push('error', 'missing-file', filePath, `masthead.logo.file：找不到标志图片“${file}”（相对于模板所在的文件夹）`, '把图片文件放到模板文件旁边的相应位置，或删除 masthead.logo（不印标志）');
    } else if (loader?.readBytes) {
      const bytes = loader.readBytes(file, where.file);
      const header = bytes ? readImageHeader(bytes) : undefined;
      if (!bytes) {
        push('error', 'unreadable', filePath, `masthead.logo.file：标志图片“${file}”无法读取（或超过 5 MB）`, '标志图片通常不到 1 MB；请换一个较小的 PNG 或 JPEG 文件');
      } else if (header && !header.ok) {
        push('error', 'bad-file-type', filePath, `masthead.logo.file：“${file}”不是可用的 PNG 或 JPEG 图片（${header.reason}）`, '用图片软件打开它，另存为 PNG 或 JPEG 后再引用');
      }
    }
  }
  // The box on the sheet: vertically from topMm, horizontally as aligned in the type area.
  const num = (key: string): number | undefined => {
    const v = logo[key];
    return typeof v === 'number' && Number.isFinite(v) && !rejected.has(formatPath(['masthead', 'logo', key])) ? v : undefined;
  };
  const top = num('topMm');
  const height = num('heightMm');
  const width = num('widthMm');
  if (top !== undefined && height !== undefined && page.pageH !== undefined && top + height > page.pageH + 0.01) {
    push(
      'warning',
      'element-overflow',
      ['masthead', 'logo', 'topMm'],
      `masthead.logo 的图片框超出纸张下边：topMm ${top} + heightMm ${height} = ${round(top + height)} 毫米，纸高只有 ${page.pageH} 毫米`,
      `把 topMm 改为不大于 ${round(Math.max(0, page.pageH - height))}，或减小 heightMm`,
    );
  }
  const align = logo.align;
  if (width !== undefined && page.pageW !== undefined && page.left !== undefined && page.areaW !== undefined && (align === 'left' || align === 'center' || align === 'right')) {
    const x = align === 'left' ? page.left : align === 'right' ? page.left + page.areaW - width : page.left + (page.areaW - width) / 2;
    if (x < -0.01 || x + width > page.pageW + 0.01) {
      push('warning', 'element-overflow', ['masthead', 'logo', 'widthMm'], `masthead.logo 的图片框宽 ${width} 毫米，按“${align}”对齐后超出纸张左右边`, `把 widthMm 改为不大于版心宽 ${page.areaW}`);
    }
  }
}

/** 字体角色的中文名, for messages. */
const roleNames: Record<FontRole, string> = { xiaobiaosong: '小标宋', songti: '宋体', fangsong: '仿宋', heiti: '黑体', kaiti: '楷体', fallback: '生僻字后备' };

/** Below this share of the common characters a font is not a Chinese font at all: an error, not a warning. */
const MIN_COVERAGE = 0.5;

/**
 * A font file a template names must be a real TrueType/OpenType font (a text file renamed `.ttf`
 * is refused), and a font of a role that sets Chinese text (all but the rare-character fallback)
 * must have the 3,500 characters of 通用规范汉字表 level 1: missing ones would silently come from
 * the next font of the chain, mixing typefaces on the page.
 */
function fontFileIssues(loader: TemplateLoader | undefined, role: FontRole, file: string, fromFile: string, path: JsonPath, push: Push): void {
  const font = loader?.inspectFont?.(file, fromFile);
  if (!font) return;
  const at = formatPath(path);
  if (!font.ok) {
    const why = font.reason === 'too-large' ? `文件过大（${font.detail}）` : font.reason === 'unreadable' ? `无法读取（${font.detail}）` : font.detail;
    push('error', 'bad-file-type', path, `${at}：“${file}”不是可用的字体文件：${why}`, '请使用 TrueType / OpenType 字体文件（.ttf、.otf、.ttc）；只改扩展名不能把其他文件变成字体');
    return;
  }
  const common = role === 'fallback' ? '' : (loader?.commonCharacters?.() ?? '');
  if (common === '') return;
  const chars = [...common];
  const missing = chars.filter((c) => !font.hasGlyph(c.codePointAt(0)!));
  if (missing.length === 0) return;
  const shown = `${missing.slice(0, 20).join('')}${missing.length > 20 ? ' 等' : ''}`;
  const counted = `缺少《通用规范汉字表》一级字 ${chars.length} 字中的 ${missing.length} 字（${shown}）`;
  if (missing.length > chars.length * MIN_COVERAGE) {
    push('error', 'font-coverage', path, `${at}：“${file}”（${font.family}）用作${roleNames[role]}，但${counted}，不是可用的中文字体`, `为“${roleNames[role]}”指定含常用汉字的中文字体；或删除这一项，改用 systemFamilies 中的系统字体`);
  } else {
    push('warning', 'font-coverage', path, `${at}：“${file}”（${font.family}）用作${roleNames[role]}，${counted}；这些字会改用下一个字体印出，字形不统一`, '换用字符更全的字体（如 GBK 或《通用规范汉字表》全字库的版本）');
  }
}
