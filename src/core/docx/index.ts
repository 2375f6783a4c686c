// The Word writer: briefing + template (+ the layout of the same draft, for where lines and pages
// fall) → .docx bytes with npm `docx` (the only module that uses it). Pure: clock and fonts come in.
export { writeBriefingDocx, type DocxInput } from './writer';
export { DOCX_STYLES } from './styles';
export { writeBriefingDocxCopies, type DocxCopy, type DocxCopyFile } from './copies';
export { OFFICIAL_FONT_NAMES, roleFonts, type EmbeddedFont, type RoleFonts } from './fonts';
export { docxEmbeddedFonts } from './embed';
export { deobfuscateFont, fontKeyOf, fontTableXml, type FontTableFont } from './font-table';
