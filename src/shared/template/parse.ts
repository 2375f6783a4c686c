import { withExtends } from './json-schema';
import { z } from 'zod';
import { fail, ok, type Result } from '../errors';
import { formatIssues, parseJsonSafely, toValidationIssues } from '../validation';
import { templateSchema, type Template } from './schema';

/** Validates an unknown value as a template; failures list every located issue in Chinese. */
export function parseTemplate(value: unknown, where = ''): Result<Template> {
  const parsed = templateSchema.safeParse(value);
  if (!parsed.success) {
    return fail('INVALID_TEMPLATE', `${where ? `（${where}）` : ''}\n${formatIssues(toValidationIssues(parsed.error))}`);
  }
  return ok(parsed.data);
}

/** Parses template JSON text (safe JSON, then the schema). */
export function parseTemplateJson(text: string, where = ''): Result<Template> {
  const json = parseJsonSafely(text, { maxLength: 5 * 1024 * 1024 });
  if (!json.ok) return fail('INVALID_TEMPLATE', `${where ? `（${where}）` : ''}${json.message}`);
  return parseTemplate(json.value, where);
}

/** The published JSON Schema of templates (what templates/template.schema.json holds). */
export function templateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(templateSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  return withExtends({
    ...schema,
    $id: 'https://briefsmith.local/schemas/template.schema.json',
    title: '简报工坊模板 BriefSmith template',
  });
}
