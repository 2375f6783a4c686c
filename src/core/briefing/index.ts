// Briefing operations: pure functions that create and read briefings (shared by the renderer, main and CLI).
export { createBriefing, emptyMeta, isoDateInChina, formatChineseDate, type NewBriefingInput } from './create';
export { blockText, countHanzi } from './text';
