// The briefing model (v1): schema, types and validated loading of briefing JSON.
export {
  BRIEFING_SCHEMA_VERSION,
  briefingSchema,
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
  type Figure,
  type FrozenItem,
  type Citation,
  type Distribution,
  type TemplateRef,
} from './schema';
export { parseBriefing, parseBriefingJson } from './parse';
