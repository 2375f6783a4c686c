import type { Briefing } from '../../src/shared/briefing';

export declare const CRASH_DRAFT_IDS: readonly string[];
export declare function contentFor(id: string, seq: number): Briefing;
export declare function seqOf(title: string): number | null;
