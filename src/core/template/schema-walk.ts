import type { z } from 'zod';
import type { JsonPath } from './source';

// Reads zod's (v4) schema definitions to answer "which keys are allowed here?" and "what is this
// field for?" for messages. Only structure is read; nothing is evaluated.

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
  readonly entries?: Record<string, unknown>;
  readonly in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional / nullable / default / readonly wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let guard = 0; guard < 10; guard++) {
    const def = defOf(current);
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly' || def.type === 'prefault') && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/** The schema of the value at `path` (picking a discriminated union's option from `root`'s value). */
export function schemaAt(schema: z.ZodType, path: JsonPath, value: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  let node: unknown = value;
  for (const segment of path) {
    if (!current) return undefined;
    current = pickOption(current, node);
    if (!current) return undefined;
    const def = defOf(current);
    if (def.type === 'object' && typeof segment === 'string') current = def.shape?.[segment];
    else if (def.type === 'array' && typeof segment === 'number') current = def.element;
    else if (def.type === 'tuple' && typeof segment === 'number') current = def.items?.[segment];
    else return undefined;
    current = current ? unwrap(current) : undefined;
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return current ? pickOption(current, node) : undefined;
}

/** For a discriminated union, the option matching the value's discriminator (else the union itself). */
function pickOption(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type !== 'union' || !def.options) return schema;
  const key = def.discriminator;
  if (key && value !== null && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[key];
    const match = def.options.find((option) => {
      const field = defOf(unwrap(option)).shape?.[key];
      return field ? (defOf(field).values ?? []).includes(tag) : false;
    });
    if (match) return unwrap(match);
  }
  return schema;
}

/** The keys an object schema allows, or undefined when `schema` is not an object. */
export function objectKeys(schema: z.ZodType | undefined): string[] | undefined {
  if (!schema) return undefined;
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** The `.describe()` text of a schema (or of what it wraps). */
export function descriptionOf(schema: z.ZodType | undefined): string {
  let current = schema;
  for (let guard = 0; current && guard < 10; guard++) {
    const text = (current as { description?: string }).description;
    if (text) return text;
    const def = defOf(current);
    current = def.innerType ?? def.in;
  }
  return '';
}

/** The type an unwrapped schema expects, in Chinese (for "missing" and "wrong type" messages). */
export function expectedKind(schema: z.ZodType | undefined): string {
  if (!schema) return '';
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object':
      return '对象 { … }';
    case 'array':
      return '数组 [ … ]';
    case 'tuple':
      return `含 ${def.items?.length ?? 0} 项的数组 [ … ]`;
    case 'string':
      return '文本（用英文双引号括起）';
    case 'number':
    case 'int':
      return '数字';
    case 'boolean':
      return 'true 或 false';
    case 'enum':
      return `以下之一：${Object.values(def.entries ?? {}).map((v) => `“${String(v)}”`).join('、')}`;
    case 'literal':
      return `“${(def.values ?? []).map(String).join('”或“')}”`;
    default:
      return '';
  }
}
