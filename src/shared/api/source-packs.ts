// Library packs (资料包): a set of the user's sources with their accepted items in one file, made on
// one machine and imported on another. What the preview and the import report is structure —
// codes and parameters — and becomes Chinese only where it is shown (`describePackFinding`).
import { z } from 'zod';
import { defineMethod } from './define';

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '标识只能由小写字母、数字和连字符组成');

/** A pack's file name ends so: `南京科技资料.bspack`. */
export const PACK_EXTENSION = 'bspack';

/** Who made a pack: a person's name, and the 编印单位 they made it for when given. */
export const packMakerSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  unit: z.string().trim().min(1).max(100).nullable().default(null),
});
export type PackMaker = z.output<typeof packMakerSchema>;

/** How to treat a pack figure that disagrees with one already in the library. */
export const conflictResolutions = ['skip', 'keep-both', 'replace'] as const;
/** skip: keep the library's figure only; keep-both: import beside it; replace: import and remove the user's conflicting figures (bundled ones stay). */
export type ConflictResolution = (typeof conflictResolutions)[number];

/** What the person decided after the preview. */
export const packImportChoicesSchema = z.strictObject({
  /** pack source ids to import; all when absent */
  sources: z.array(slug).max(10_000).optional(),
  /** for conflicts without their own entry in `resolutions`; `skip` when absent */
  onConflict: z.enum(conflictResolutions).default('skip'),
  /** per pack item id */
  resolutions: z.record(slug, z.enum(conflictResolutions)).default({}),
});
export type PackImportChoices = z.input<typeof packImportChoicesSchema>;

/** Where a pack came from, as its manifest says. */
export interface PackInfo {
  readonly formatVersion: number;
  /** ISO time the pack was made (the maker's clock) */
  readonly createdAt: string;
  readonly madeBy: PackMaker;
  readonly appVersion: string;
  /** sha256 of the pack file: importPack refuses a file changed since its preview (PACK_CHANGED) */
  readonly packHash: string;
}

/** A pack source in the preview. */
export interface PackSourcePreview {
  readonly packSourceId: string;
  readonly title: string;
  readonly outlet: string;
  readonly date: string;
  readonly docNumber: string | null;
  readonly itemCount: number;
  /** the user source with the same text (same content hash), or null when new */
  readonly duplicateOf: string | null;
}

/** A pack item in the preview. */
export interface PackItemPreview {
  readonly packItemId: string;
  readonly packSourceId: string;
  readonly kind: 'indicator' | 'measure';
  readonly subject: string;
  readonly city: string;
  readonly district: string | null;
  readonly year: number | null;
  readonly valueText: string | null;
  readonly status: 'new' | 'duplicate' | 'conflict';
}

/** A figure already in the library that a pack figure disagrees with. */
export interface PackConflictingItem {
  readonly id: string;
  readonly valueText: string | null;
  readonly origin: 'user' | 'bundled';
  readonly sourceTitle: string | null;
}

/** What the preview found, as a code and its parameters. */
export type PackFinding =
  | {
      readonly code: 'PACK_DUPLICATE_SOURCE';
      /** `withinPack`: the same text as an earlier source of the pack itself (existingSourceId is where both go) */
      readonly params: { readonly packSourceId: string; readonly existingSourceId: string; readonly title: string; readonly withinPack: boolean };
    }
  | {
      readonly code: 'PACK_DUPLICATE_ITEM';
      readonly params: { readonly packItemId: string; readonly existingItemId: string; readonly subject: string; readonly valueText: string | null };
    }
  | {
      readonly code: 'PACK_CONFLICT';
      readonly params: {
        readonly packItemId: string;
        readonly packSourceId: string;
        readonly metric: string;
        readonly metricLabel: string | null;
        readonly city: string;
        readonly district: string | null;
        readonly year: number;
        readonly qualifier: string;
        readonly packValueText: string | null;
        readonly existing: readonly PackConflictingItem[];
      };
    };

export interface PackPreview {
  /** the file previewed (picked in the open dialog when the request named none) */
  readonly path: string;
  readonly pack: PackInfo;
  readonly sources: PackSourcePreview[];
  readonly items: PackItemPreview[];
  /** PACK_DUPLICATE_SOURCE and PACK_DUPLICATE_ITEM findings */
  readonly duplicates: PackFinding[];
  /** PACK_CONFLICT findings */
  readonly conflicts: PackFinding[];
}

export interface PackImportResult {
  /** user source ids created */
  readonly sourcesAdded: string[];
  /** user item ids created */
  readonly itemsAdded: string[];
  readonly duplicateSources: number;
  readonly duplicateItems: number;
  /** pack item ids not imported because they conflict (skip) or their source was not chosen */
  readonly skipped: string[];
  /** user item ids removed by `replace` */
  readonly replaced: string[];
  /** ids of items (bundled or user) that the new figures supersede (newer year, same metric and place) */
  readonly superseded: string[];
  /** ids of new items that arrive already superseded by a newer figure in the library */
  readonly arrivedSuperseded: string[];
}

export interface PackExportResult {
  readonly path: string;
  readonly sources: number;
  readonly items: number;
  readonly bytes: number;
}

const filePath = z.string().min(1).max(4096);

/** Library packs: export the user's sources, preview a pack, import it. */
export const sourcePackMethods = {
  /** Writes the chosen user sources and their items as one pack; asks where (save dialog) when `path` is absent. */
  exportPack: defineMethod<PackExportResult>()(
    'sources:pack-export',
    z.strictObject({
      sourceIds: z.array(slug).min(1).max(10_000),
      /** only a `.bspack` file: a renderer cannot make the main process overwrite anything else */
      path: filePath.regex(/\.bspack$/i, '资料包文件名须以 .bspack 结尾').optional(),
      /** who made it; the computer's user name when absent */
      madeBy: packMakerSchema.optional(),
    }),
  ),
  /** Reads a pack (open dialog when `path` is absent) and reports what an import would do; nothing is stored. */
  previewPackImport: defineMethod<PackPreview>()('sources:pack-preview', z.strictObject({ path: filePath.optional() })),
  /** Imports a previewed pack with the person's choices, all at once or not at all. */
  importPack: defineMethod<PackImportResult>()(
    'sources:pack-import',
    z.strictObject({
      path: filePath,
      /** from the preview: refuses a file changed since (PACK_CHANGED) */
      packHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      choices: packImportChoicesSchema.default({ onConflict: 'skip', resolutions: {} }),
    }),
  ),
};

const qualifierText: Record<string, string> = { target: '目标', actual: '实际', comparison: '对比', threshold: '门槛' };

/** One finding in Chinese, for the preview list and the CLI. */
export function describePackFinding(finding: PackFinding): string {
  switch (finding.code) {
    case 'PACK_DUPLICATE_SOURCE':
      return finding.params.withinPack
        ? `来源《${finding.params.title}》与资料包中另一来源文字相同，并为一个（${finding.params.existingSourceId}）`
        : `来源《${finding.params.title}》已在资料库中（${finding.params.existingSourceId}），不重复导入`;
    case 'PACK_DUPLICATE_ITEM':
      return `条目“${finding.params.subject}${finding.params.valueText ? ` ${finding.params.valueText}` : ''}”已在资料库中（${finding.params.existingItemId}）`;
    case 'PACK_CONFLICT': {
      const p = finding.params;
      const place = `${p.city}${p.district ?? ''}`;
      const others = p.existing.map((e) => `${e.valueText ?? '?'}（${e.origin === 'bundled' ? '内置资料' : e.sourceTitle ? `《${e.sourceTitle}》` : e.id}）`).join('、');
      return `数值冲突：${place} ${p.year}年“${p.metricLabel ?? p.metric}”（${qualifierText[p.qualifier] ?? p.qualifier}），资料包为 ${p.packValueText ?? '?'}，资料库中为 ${others}`;
    }
  }
}
