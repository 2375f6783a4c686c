// Validation helpers shared by every boundary: located Chinese issue messages, safe JSON parsing
// (size, nesting depth, syntax, prototype keys), template id checks and echo-safe text.
export { toValidationIssues, formatIssues, formatPath, type ValidationIssue } from './issues';
export { parseJsonSafely, type SafeJsonOptions } from './safe-json';
export { scanJsonNesting, lineColumnAt, describeTooDeep, MAX_JSON_DEPTH, type NestingScan, type TextPosition } from './nesting';
export { firstJsonSyntaxError, jsonSyntaxMessages, type JsonSyntaxError } from './json-syntax';
export { isTemplateId, isTemplateVersion, TEMPLATE_ID_PATTERN, TEMPLATE_ID_MAX, TEMPLATE_VERSION_PATTERN } from './ids';
export { printable, terminalSafe } from './printable';
