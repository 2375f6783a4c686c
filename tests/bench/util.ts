// Shared helpers for benchmarks: timing, percentiles and the report line format.
import { performance } from 'node:perf_hooks';

/** One figure of a benchmark, compared with its goal. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: 'ms' | 'x' | 'KB' | 'count' | 'ratio';
  /** The goal, and whether lower or higher is better. */
  readonly goal?: { readonly max?: number; readonly min?: number };
  readonly note?: string;
}

/** Runs `fn` `runs` times (after `warmup` runs) and returns each duration in ms. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, runs: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median. */
export const median = (values: readonly number[]) => percentile(values, 50);

/** True when the figure meets its goal (or has none). */
export function meetsGoal(figure: BenchFigure): boolean {
  if (!figure.goal) return true;
  if (figure.goal.max !== undefined && !(figure.value <= figure.goal.max)) return false;
  if (figure.goal.min !== undefined && !(figure.value >= figure.goal.min)) return false;
  return true;
}
