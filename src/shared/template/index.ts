// The template spec: a briefing layout as validated data (zod, strict), its JSON Schema and parsing.
export {
  templateSchema,
  textStyleSchema,
  fontRoleSchema,
  fontRoleConfigSchema,
  FONT_ROLES,
  type Template,
  type TemplateSummary,
  type TextStyle,
  type HeadingStyle,
  type FontRole,
  type FontRoleConfig,
} from './schema';
export { parseTemplate, parseTemplateJson, templateJsonSchema } from './parse';
