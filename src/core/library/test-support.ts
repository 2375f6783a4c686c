import itemsJson from '../../../resources/library/items.json';
import sourcesJson from '../../../resources/library/sources.json';
import { itemsFileSchema, sourcesFileSchema, type LibraryData } from '../../shared/library';

// The bundled library for tests of the engine (validated through the schemas; not exported from
// the module's index).
const itemsFile = itemsFileSchema.parse(itemsJson);
const sourcesFile = sourcesFileSchema.parse(sourcesJson);

export const bundledLibrary: LibraryData = {
  items: itemsFile.items,
  metrics: itemsFile.metrics,
  derivations: itemsFile.derivations,
  sources: sourcesFile.sources,
};
