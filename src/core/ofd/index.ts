// The OFD writer (GB/T 33190-2016): the positioned layout the PDF writer draws → an OFD package
// (zip) with subset fonts. Pure: the clock comes in; fflate is used only here.
export { writeOfd, createOfdFontCache, ofdColour, escapeXml, OFD_NS, type OfdWriteOptions, type OfdFontCache } from './writer';
export { checkOfdXml, checkOfdPackage, OFD_RULES, type OfdProblem, type XmlElementLike } from './check';
export { renderBriefingOfd, type OfdRenderOptions, type OfdRenderResult } from './render';
