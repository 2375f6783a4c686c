// The template registry (Node side): built-in templates, user templates (import, export, delete,
// duplicate) and every version ever used, kept so drafts pinned to id@version keep rendering.
export { createTemplateRegistry, type TemplateRegistry, type TemplateRegistryHost, type ResolvedTemplate, type DuplicateOptions, type NewTemplateOptions } from './registry';
export { TemplateCatalog, USER_TEMPLATE_FILE, BUILTIN_ORDER, type CatalogEntry, type CatalogDirs } from './catalog';
export { VersionStore } from './versions';
export { templateText, MAX_ASSET_BYTES, MAX_ASSETS_TOTAL } from './install';
