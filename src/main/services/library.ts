import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

/** Library services. Filled by the library capability. */
export function createLibraryServices(_host: ServiceHost): ServiceGroup<never> {
  return {};
}
