// The template spec: a briefing layout as validated data (zod, strict), its JSON Schema and parsing.
// templates/template.schema.json is generated from templateJsonSchema(); a test fails when it is stale
// (regenerate: UPDATE_TEMPLATE_SCHEMA=1 npx vitest run --project node src/shared/template).
export {
  templateSchema,
  textStyleSchema,
  fontRoleSchema,
  fontRoleConfigSchema,
  FONT_ROLES,
  templateTraits,
  type TemplateTraits,
  type Template,
  type TemplateSummary,
  type TextStyle,
  type HeadingStyle,
  type FontRole,
  type FontRoleConfig,
} from './schema';
export { parseTemplate, parseTemplateJson, templateJsonSchema } from './parse';
