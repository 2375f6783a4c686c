import type { Figure } from '../../shared/briefing';
import type { ItemKind, Qualifier } from '../../shared/library';

/**
 * What freezing and citing need of an item: a library item as loaded, or the editor's view of one
 * (whose absent fields may be null, and which may be a value the library derives).
 */
export interface FreezableItem {
  readonly id: string;
  readonly kind: ItemKind;
  readonly city: string;
  readonly district?: string | null | undefined;
  readonly subject: string;
  /** the verbatim source sentence */
  readonly quote: string;
  /** the figure as written (1.85), with its unit (万亿元) */
  readonly value?: number | null | undefined;
  readonly unit?: string | null | undefined;
  readonly year?: number | null | undefined;
  readonly qualifier?: Qualifier | null | undefined;
  readonly sourceId: string;
  /** 1-based paragraph of the source */
  readonly paragraph: number;
}

/** Formats a number as Chinese statistics write it: 1.85, 28, 0.5 (no exponent, no trailing zeros). */
export function formatFigure(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** The figure of an indicator (value, unit, year, qualifier), or undefined for a measure. */
export function figureOf(item: FreezableItem): Figure | undefined {
  if (item.kind !== 'indicator' || typeof item.value !== 'number' || !Number.isFinite(item.value)) return undefined;
  return {
    value: item.value,
    unit: item.unit ?? '',
    // The briefing model has no year 0 or empty qualifier: absent and null both mean none.
    ...(item.year ? { year: item.year } : {}),
    ...(item.qualifier ? { qualifier: item.qualifier } : {}),
  };
}
