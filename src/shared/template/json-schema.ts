/**
 * The JSON Schema published for editors, widened for `extends`: a template that extends another
 * may leave out anything its base has, so when `extends` is present no field is required (at any
 * depth) and any field may be `null` (JSON Merge Patch: null removes the base's value). Without
 * `extends`, the strict schema applies unchanged. Pure: plain JSON in, plain JSON out.
 */
export function withExtends(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema, $id, title, description, $defs, ...strict } = schema;
  const defs = ($defs ?? {}) as Record<string, unknown>;
  const partialDefs = Object.fromEntries(Object.entries(defs).map(([name, def]) => [`${name}${PARTIAL}`, relax(renameRefs(def))]));
  const properties = (strict.properties ?? {}) as Record<string, unknown>;
  const extendsProperty = {
    type: 'string',
    description: '继承的模板：模板标识（如 "gongzuo-jianbao"）或同一文件夹中的模板文件（如 "./base.json"）；只写与它不同之处',
  };
  const partial = relax(renameRefs({ ...strict, properties })) as Record<string, unknown>;
  return {
    ...($schema !== undefined ? { $schema } : {}),
    ...($id !== undefined ? { $id } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    type: 'object',
    $defs: { ...defs, ...partialDefs },
    if: { type: 'object', required: ['extends'] },
    then: { ...partial, properties: { ...(partial.properties as Record<string, unknown>), extends: extendsProperty } },
    else: strict,
  };
}

const PARTIAL = '__partial';

/** Points `$ref`s at the partial copies of the definitions. */
function renameRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(renameRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/') ? `${value}${PARTIAL}` : renameRefs(value)]),
  );
}

/** Drops `required` everywhere and allows null for every property (deep). */
function relax(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relax);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required') continue;
    if (key === 'properties' && value !== null && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, { anyOf: [relax(v), { type: 'null' }] }]));
    } else out[key] = relax(value);
  }
  return out;
}
