// The Node font host: resolves each font role through its chain (user/template file → installed
// system fonts whose licence permits embedding → bundled open fonts), parsing each file once per engine.
export { createNodeFontHost, ALL_ROLES, type NodeFontHost, type NodeFontHostOptions } from './host';
export { defaultSystemFontDirs, indexFontFiles } from './system';
export { createFontFiles, parseFontFile, fsTypeOf, type FontFiles } from './load';
export { FontFileChangedError } from './sparse';
export { inspectFontFile, commonCharacters, MAX_FONT_BYTES } from './inspect';
