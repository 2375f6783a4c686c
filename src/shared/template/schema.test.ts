import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate, parseTemplateJson, templateJsonSchema } from '.';

const root = join(import.meta.dirname, '..', '..', '..');
const templateFile = join(root, 'templates', 'gongzuo-jianbao.json');
const schemaFile = join(root, 'templates', 'template.schema.json');

describe('template spec', () => {
  const text = readFileSync(templateFile, 'utf8');

  it('accepts the built-in 工作简报 template', () => {
    const parsed = parseTemplateJson(text);
    expect(parsed.ok ? parsed.value.id : parsed.message).toBe('gongzuo-jianbao');
  });

  it('rejects unknown keys anywhere, with the JSON path in Chinese', () => {
    const value = JSON.parse(text) as Record<string, unknown>;
    const bad = { ...value, script: 'alert(1)', body: { ...(value.body as object), onRender: 'x' } };
    const parsed = parseTemplate(bad, 'bad.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.code).toBe('INVALID_TEMPLATE');
      expect(parsed.message).toContain('“script”');
      expect(parsed.message).toContain('body');
      expect(parsed.message).toContain('bad.json');
    }
  });

  it('rejects a non-kebab id, a bad version and a too dark watermark', () => {
    const value = JSON.parse(text) as Record<string, unknown>;
    for (const patch of [{ id: '工作简报' }, { version: '1.0' }, { watermark: { role: 'heiti', sizePt: 72, gray: 0.2, angleDeg: 45 } }]) {
      expect(parseTemplate({ ...value, ...patch }).ok).toBe(false);
    }
  });

  it('refuses JSON with prototype-polluting keys', () => {
    const parsed = parseTemplateJson('{"__proto__": {"polluted": true}}');
    expect(parsed.ok).toBe(false);
  });

  it('publishes an up-to-date JSON Schema in templates/template.schema.json', () => {
    // Regenerate with: UPDATE_TEMPLATE_SCHEMA=1 npx vitest run --project node src/shared/template
    const generated = `${JSON.stringify(templateJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_TEMPLATE_SCHEMA === '1' || !existsSync(schemaFile)) writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8'), 'templates/template.schema.json is stale: regenerate it (see the comment above)').toBe(generated);
    // Without `extends` the strict schema applies (else branch); with it, every field is optional.
    type Branch = { additionalProperties: boolean; required?: string[]; properties: Record<string, unknown> };
    const schema = JSON.parse(generated) as { if: unknown; then: Branch; else: Branch };
    expect(schema.else.additionalProperties).toBe(false);
    expect(schema.then.additionalProperties).toBe(false);
    expect(schema.else.required).toContain('page');
    expect(Object.keys(schema.then.properties)).toContain('extends');
    for (const key of Object.keys(JSON.parse(text) as object)) expect(Object.keys(schema.else.properties)).toContain(key);
  });
});
