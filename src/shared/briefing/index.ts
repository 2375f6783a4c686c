// The briefing model (v2): schema, types, numbered migrations and validated loading of briefing JSON.
export {
  BRIEFING_SCHEMA_VERSION,
  briefingSchema,
  storedBriefingSchema,
  textRunSchema,
  figureLinkSchema,
  blockSchema,
  briefingMetaSchema,
  figureSchema,
  frozenItemSchema,
  citationSchema,
  templateRefSchema,
  type Briefing,
  type BriefingMeta,
  type Block,
  type BlockType,
  type BlockOf,
  type TextRun,
  type FigureLink,
  type Figure,
  type FrozenItem,
  type Citation,
  type Distribution,
  type TemplateRef,
} from './schema';
export { parseBriefing, parseBriefingJson } from './parse';
export { migrateBriefing, migrateBlocksToV2, briefingMigrations, type BriefingMigration } from './migrations';
