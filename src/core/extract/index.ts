// Source import's pure half: numbers as Chinese texts write them, places, and the candidates a
// person reviews before they join the library.
export { extractCandidates, type Candidate, type CandidateBound, type CandidateQualifier, type ExtractOptions } from './extract';
export { parseChineseNumeral, parseArabic, magnitudeOf } from './numbers';
export { placesIn, documentPlace, CITIES, DISTRICTS } from './gazetteer';
