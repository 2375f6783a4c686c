import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

/** Export services. Filled by the PDF engine. */
export function createExportServices(_host: ServiceHost): ServiceGroup<never> {
  return {};
}
