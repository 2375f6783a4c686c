// The limits of 简报信息 fields, read from the briefing schema itself (zod introspection), so
// the panel cannot accept what the store would refuse and never disagrees with the schema.
import { z } from 'zod';
import { briefingMetaSchema, type BriefingMeta } from '../../../shared/briefing';

const shape = briefingMetaSchema.shape;

function inner(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodNullable || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/** The schema's maximum length of a text field of the metadata. */
export function maxLengthOf(field: keyof BriefingMeta): number {
  const s = inner(shape[field]);
  if (s instanceof z.ZodString && typeof s.maxLength === 'number') return s.maxLength;
  throw new Error(`${field} has no maximum length in the schema`);
}

/** The schema's range of a whole-number field of the metadata. */
export function rangeOf(field: 'issueNumber' | 'totalIssueNumber' | 'copies'): { min: number; max: number } {
  const s = inner(shape[field]);
  if (s instanceof z.ZodNumber && typeof s.minValue === 'number' && typeof s.maxValue === 'number') return { min: s.minValue, max: s.maxValue };
  throw new Error(`${field} has no range in the schema`);
}

/** The schema's limits of a 报/送/发 list: names per list and characters per name. */
export function listLimitsOf(list: 'bao' | 'song' | 'fa'): { maxItems: number; maxLength: number } {
  const s = inner(shape.distribution.shape[list]);
  if (!(s instanceof z.ZodArray)) throw new Error(`distribution.${list} is not a list in the schema`);
  const element = inner(s.element as z.ZodType);
  // zod keeps an array's maximum as a check of its definition (there is no getter for it).
  const maxItems = (s._zod.def.checks ?? []).map((c) => (c._zod.def as { check?: string; maximum?: unknown })).find((d) => d.check === 'max_length')?.maximum;
  if (!(element instanceof z.ZodString) || typeof element.maxLength !== 'number' || typeof maxItems !== 'number') throw new Error(`distribution.${list} has no limits in the schema`);
  return { maxItems, maxLength: element.maxLength };
}

/** The date picker's bounds: the schema allows four-digit years only. */
export const issueDateBounds = { min: '1000-01-01', max: '9999-12-31' } as const;

/** True when `value` is a date the schema accepts and the calendar has (2025-02-30 is not). */
export function isAcceptedIssueDate(value: string): boolean {
  if (!shape.issueDate.safeParse(value).success) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  if (y < 1000) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
