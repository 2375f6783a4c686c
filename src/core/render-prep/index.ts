// The steps every export takes before its writer (font and glyph checks, images, layout), shared by
// the PDF and OFD exports so they cannot drift apart.
export { prepareLayout, isAbort, type PrepareHost, type PrepareOptions } from './prepare';
