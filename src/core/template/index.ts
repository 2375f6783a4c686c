// Template checking for maintainers: located, helpful errors (file, JSON path, line, column, what is
// wrong and what would be right), `extends` with JSON Merge Patch, semantic checks; pure and host-injected.
export { checkTemplate, tooLargeReport, makeReport, type CheckTemplateInput, type CheckTemplateResult } from './check';
export { resolveExtends, mergePatch, locate, MAX_EXTENDS_DEPTH, type TemplateLoader, type FontFileInspection, type LoadResult, type ExtendsChain } from './extends';
export { parseTemplateSource, isRecord, MAX_TEMPLATE_BYTES, type TemplateSource, type JsonPath } from './source';
export { issue, sortIssues, formatIssue, formatReport, summaryLine } from './issues';
export { pathProblem, isRemoteUrl, normaliseRelative, FONT_EXTENSIONS, IMAGE_EXTENSIONS, type PathProblem } from './paths';
export { editDistance, closest, didYouMean } from './suggest';
export { colourHint } from './schema-issues';
export { sampleBriefing, withTemplate } from './sample';
export { withExtends } from '../../shared/template/json-schema';
export { templateDiff, changedSections, sectionLabels } from './diff';
