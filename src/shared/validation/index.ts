// Validation helpers shared by every boundary: located Chinese issue messages and safe JSON parsing.
export { toValidationIssues, formatIssues, formatPath, type ValidationIssue } from './issues';
export { parseJsonSafely, type SafeJsonOptions } from './safe-json';
