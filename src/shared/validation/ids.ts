/**
 * A template id: lowercase ASCII words joined by single hyphens (`gongzuo-jianbao`). Ids name
 * files and folders (`<id>.json`, `<dataDir>/templates/<id>/`, `.versions/<id>@<version>.json`),
 * so every place that reads one — registry, versions folder, CLI — checks it against this first:
 * `/`, `\`, `..` and control characters can never reach a path.
 */
export const TEMPLATE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest template id. */
export const TEMPLATE_ID_MAX = 64;
/** A template version: `x.y.z`, digits only. */
export const TEMPLATE_VERSION_PATTERN = /^\d{1,9}\.\d{1,9}\.\d{1,9}$/;

/** True when `value` is a well-formed template id (safe to use in a file name). */
export function isTemplateId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= TEMPLATE_ID_MAX && TEMPLATE_ID_PATTERN.test(value);
}

/** True when `value` is a well-formed template version `x.y.z` (safe to use in a file name). */
export function isTemplateVersion(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE_VERSION_PATTERN.test(value);
}
