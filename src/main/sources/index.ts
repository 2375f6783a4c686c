// Source files read into verbatim paragraphs with proposed metadata (issue 14: sources in).
export { readSource, warmPdfReader, paragraphsOf, decodeText, joinPdfLines, MAX_SOURCE_BYTES, type ReadOptions } from './read';
export { proposeMetadata, dateOf, type SourceText } from './metadata';
