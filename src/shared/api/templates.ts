import { z } from 'zod';
import { briefingSchema } from '../briefing';
import type { Template } from '../template';
import { defineMethod } from './define';
import type { PreviewPdfResult } from './export';

/**
 * The template-maintainer API group (模板库): the gallery, details, the validation report, import,
 * export, delete, duplicate, previews in any template and version status. `listTemplates`
 * ('template:list') stays in the export group. Merge `templateMethods` into contract.ts.
 */

const templateId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '模板标识只能用小写字母、数字和连字符');
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, '模板版本应为 x.y.z');

/** How bad a template problem is: errors stop the template from being used, warnings do not. */
export type TemplateIssueSeverity = 'error' | 'warning';

/** Stable codes of template problems (the message is Chinese; tests and the UI key on the code). */
export type TemplateIssueCode =
  | 'too-large'
  | 'too-deep'
  | 'unreadable'
  | 'empty'
  | 'json-syntax'
  | 'duplicate-key'
  | 'forbidden-key'
  | 'not-object'
  | 'unknown-key'
  | 'wrong-type'
  | 'missing'
  | 'invalid-value'
  | 'unknown-role'
  | 'out-of-range'
  | 'invalid-colour'
  | 'invalid-format'
  | 'extends-invalid'
  | 'extends-not-found'
  | 'extends-cycle'
  | 'extends-too-deep'
  | 'own-identity'
  | 'unsafe-path'
  | 'remote-url'
  | 'missing-file'
  | 'bad-file-type'
  | 'font-coverage'
  | 'page-overflow'
  | 'grid-overflow'
  | 'element-overflow'
  | 'placeholder'
  | 'duplicate-block-id'
  | 'id-mismatch'
  | 'version-reused'
  | 'style';

/**
 * One located template problem: the file, the JSON path, line and column (1-based, columns in
 * UTF-16 code units as editors count them), what is wrong and what would be right, in Chinese.
 */
export interface TemplateIssue {
  readonly severity: TemplateIssueSeverity;
  readonly code: TemplateIssueCode;
  /** The file the problem is in (an `extends` base when the problem is there). */
  readonly file: string;
  /** `body.style.role`, `headings[1].style.sizePt`, or `（根）` for the document itself. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** What is wrong, in Chinese, naming the path: `body.style.role 引用了未定义的字体角色“fangsong2”`. */
  readonly message: string;
  /** What would be right, in Chinese (may be empty): `可用的角色：…；您是否想写“fangsong”？` */
  readonly hint: string;
}

/** The result of checking one template file (all problems at once). */
export interface TemplateCheckReport {
  readonly file: string;
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly issues: readonly TemplateIssue[];
  /** Identity read from the file (when it could be read). */
  readonly id: string | null;
  readonly name: string | null;
  readonly version: string | null;
  /** The `extends` chain, the checked file first, then its bases. */
  readonly chain: readonly string[];
}

/** Where a template comes from. */
export type TemplateOrigin = 'builtin' | 'user';

/** A row of the gallery (模板库). */
export interface TemplateInfo {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly origin: TemplateOrigin;
  /** Built-ins are read-only (duplicate them to customise). */
  readonly readOnly: boolean;
  /** The template file on disk. */
  readonly file: string;
  /** What it `extends`, when it does. */
  readonly extends: string | null;
  /** False when the template has errors: it is listed (with its report) but cannot be used. */
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** Every version kept for drafts pinned to it (newest first, the current one included). */
  readonly versions: readonly string[];
}

/** A template with everything the details pane shows. */
export interface TemplateDetails {
  readonly info: TemplateInfo;
  /** The resolved template (extends merged), at the requested version. */
  readonly template: Template;
  /** The validation report of the current file (warnings included). */
  readonly report: TemplateCheckReport;
}

/** What importing a template did. */
export interface ImportTemplateResult {
  /** `imported` (new or newer version), `unchanged` (same version, same content), `rejected` (errors: see report). */
  readonly status: 'imported' | 'unchanged' | 'rejected';
  readonly info: TemplateInfo | null;
  /** The version that was replaced by a newer one (kept for pinned drafts), if any. */
  readonly replacedVersion: string | null;
  /** Files copied with the template (fonts, images), relative to its folder. */
  readonly assets: readonly string[];
  readonly report: TemplateCheckReport;
}

/** What exporting a template wrote: one self-contained file, or a folder when it carries fonts or images. */
export interface ExportTemplateResult {
  readonly path: string;
  readonly kind: 'file' | 'folder';
}

/** How a draft's pinned template version relates to the template's current version. */
export interface TemplateVersionStatus {
  readonly id: string;
  /** The version the draft is pinned to. */
  readonly pinned: string;
  /** The current version, or null when the template is not installed. */
  readonly current: string | null;
  /**
   * `current`: pinned is the current version; `outdated`: an older version, kept, renders as it
   * did; `version-missing`: that version is not kept (renders with the current one);
   * `newer`: pinned is newer than what is installed (renders with the installed one);
   * `template-missing`: no such template.
   */
  readonly state: 'current' | 'outdated' | 'version-missing' | 'newer' | 'template-missing';
  /** Sections that differ between the pinned and the current version (Chinese labels: 报头、正文 …). */
  readonly changes: readonly string[];
  /** Chinese, ready to show. */
  readonly message: string;
}

/** A preview PDF in a given template (the gallery's thumbnails and side-by-side). */
export interface TemplatePreviewResult extends PreviewPdfResult {
  readonly templateId: string;
  readonly version: string;
}

/** The template-maintainer methods. */
export const templateMethods = {
  /** The gallery: built-in and user templates with validity, versions kept, origin. */
  listTemplateGallery: defineMethod<TemplateInfo[]>()('template:gallery', z.strictObject({})),
  /** One template (resolved) with its validation report; a kept older version when `version` is given. */
  getTemplate: defineMethod<TemplateDetails>()('template:get', z.strictObject({ id: templateId, version: semver.optional() })),
  /** The validation report of an installed template. */
  checkTemplate: defineMethod<TemplateCheckReport>()('template:check', z.strictObject({ id: templateId })),
  /** Checks a template file chosen in the open dialog (CANCELLED when cancelled). */
  checkTemplateFile: defineMethod<TemplateCheckReport>()('template:check-file', z.strictObject({})),
  /** Imports a template file chosen in the open dialog, with the fonts and images next to it that it uses. */
  importTemplate: defineMethod<ImportTemplateResult>()('template:import', z.strictObject({})),
  /** Exports a template to share (save dialog): self-contained, `extends` resolved. */
  exportTemplate: defineMethod<ExportTemplateResult>()('template:export', z.strictObject({ id: templateId })),
  /** Deletes a user template (built-ins are read-only); its versions stay kept for pinned drafts. */
  deleteTemplate: defineMethod<null>()('template:delete', z.strictObject({ id: templateId })),
  /** Copies a template (built-in or user) into a new user template to customise. */
  duplicateTemplate: defineMethod<TemplateInfo>()(
    'template:duplicate',
    z.strictObject({ id: templateId, newId: templateId.optional(), name: z.string().trim().min(1).max(50).optional() }),
  ),
  /** Renders the template's sample, or the given briefing, in a template (and version) → PDF bytes. */
  previewTemplate: defineMethod<TemplatePreviewResult>()(
    'template:preview',
    z.strictObject({ id: templateId, version: semver.optional(), briefing: briefingSchema.optional() }),
  ),
  /** How a draft's pinned template@version relates to the current one (to offer moving, with a preview). */
  templateVersionStatus: defineMethod<TemplateVersionStatus>()('template:version-status', z.strictObject({ id: templateId, version: semver })),
};

/** Chinese names of the font roles, for messages and the details pane. */
export const fontRoleLabels = {
  xiaobiaosong: '小标宋',
  songti: '宋体',
  fangsong: '仿宋',
  heiti: '黑体',
  kaiti: '楷体',
  fallback: '生僻字后备',
} as const;
