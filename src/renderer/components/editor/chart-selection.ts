// 重新选择指标 on a chart: which library items the chart shows, so that the builder opens with
// exactly those chosen. A bar keeps the id of the item it cites; a 推算 bar cites the first item
// it was computed from, so the derived item itself is found by that operand and the bar's label.
import { metricOf, placeOf, type LibraryItemLike } from '../../../core/briefing';
import type { BlockOf } from '../../../shared/briefing';

/** The ids of the items drawn as `bars`, in bar order (bars without a library item are left out). */
export function chartSelection(bars: BlockOf<'chart'>['bars'], items: readonly LibraryItemLike[]): string[] {
  const out: string[] = [];
  for (const bar of bars) {
    if (!bar.itemId) continue;
    const labelled = (i: LibraryItemLike) => bar.label === placeOf(i) || bar.label === `${placeOf(i)}${metricOf(i)}`;
    const derived = bar.derived ? items.find((i) => i.derived && i.operands?.[0] === bar.itemId && labelled(i)) : undefined;
    const item = derived ?? items.find((i) => i.id === bar.itemId);
    if (item && !out.includes(item.id)) out.push(item.id);
  }
  return out;
}
