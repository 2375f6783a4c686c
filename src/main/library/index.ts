// The Node-side library loader: reads resources/library/*.json once, validates it (Chinese errors
// naming file and field) and builds the search index, cached per process.
export { loadLibrary, readLibrary, libraryDir, clearLibraryCache, type LoadedLibrary } from './load';
