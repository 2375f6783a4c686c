import type { TemplateIssueCode } from '../../shared/api/templates';

/** Why a file reference in a template is refused. */
export interface PathProblem {
  readonly code: Extract<TemplateIssueCode, 'remote-url' | 'unsafe-path' | 'bad-file-type'>;
  readonly message: string;
  readonly hint: string;
}

/** Font files a template may bring. */
export const FONT_EXTENSIONS = ['.ttf', '.otf', '.ttc', '.otc'] as const;
/** Images a template may bring (its masthead logo). */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

/** True when a string looks like a network address (http://, //host, ftp:, data:, javascript:). */
export function isRemoteUrl(value: string): boolean {
  const v = value.trim();
  if (/^file:/i.test(v) || /^[a-z]:[\\/]/i.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true;
  // protocol-relative //host/… and Windows network shares \\server\share
  if (/^(\/\/|\\\\)[^/\\]/.test(v)) return true;
  return /^(data|javascript|vbscript|blob|mailto):/i.test(v);
}

/**
 * Checks a file reference written in a template: it must be relative and stay inside the template's
 * folder (no absolute path, no `..` above the folder, no URL). `extensions` limits the file type.
 */
export function pathProblem(ref: string, extensions?: readonly string[]): PathProblem | undefined {
  const v = ref.trim();
  const images = extensions?.some((e) => (IMAGE_EXTENSIONS as readonly string[]).includes(e)) ?? false;
  // The example in a hint matches what is referenced: an image or (by default) a font.
  const example = images ? '"images/徽标.png"' : '"fonts/仿宋.ttf"';
  if (isRemoteUrl(v)) {
    return { code: 'remote-url', message: '不允许引用网络地址，模板只能使用随模板一起的本地文件', hint: `把文件下载后放进模板所在的文件夹，写相对路径，如 ${example}` };
  }
  if (/^file:/i.test(v) || /^[a-z]:/i.test(v) || v.startsWith('/') || v.startsWith('\\') || v.startsWith('~')) {
    return { code: 'unsafe-path', message: '不能使用绝对路径：模板拷到别的电脑上就找不到了', hint: `把文件放进模板所在的文件夹，写相对路径，如 ${example}` };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(v)) return { code: 'unsafe-path', message: '路径中有控制字符', hint: '只写文件夹名和文件名' };
  let depth = 0;
  for (const segment of v.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      depth -= 1;
      if (depth < 0) {
        return { code: 'unsafe-path', message: '路径跳出了模板所在的文件夹（“..”）', hint: `把文件放进模板所在的文件夹或其子文件夹，写相对路径，如 ${example}` };
      }
    } else depth += 1;
  }
  if (depth === 0) return { code: 'unsafe-path', message: '路径没有指向文件', hint: `写出文件名，如 ${example}` };
  if (extensions) {
    const lower = v.toLowerCase();
    if (!extensions.some((e) => lower.endsWith(e))) {
      return images
        ? { code: 'bad-file-type', message: `图片文件类型不允许（只接受 ${extensions.join('、')}）`, hint: '标志图片请用 PNG 或 JPEG 格式（可用画图等软件另存为 .png）' }
        : { code: 'bad-file-type', message: `文件类型不允许（只接受 ${extensions.join('、')}）`, hint: '字体请用 TrueType / OpenType 文件' };
    }
  }
  return undefined;
}

/** Joins a reference onto a folder path, `/`-separated (pure; the host resolves it on its file system). */
export function normaliseRelative(ref: string): string {
  const out: string[] = [];
  for (const segment of ref.trim().split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}
