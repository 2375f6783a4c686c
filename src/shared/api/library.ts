/** Library methods (search, items, sources). Filled by the library capability. */
export const libraryMethods = {};
