import { contract, methodByChannel, type MethodName } from '../../shared/api';
import { fail, isUserError, type Result } from '../../shared/errors';
import { formatIssues, toValidationIssues } from '../../shared/validation';
import type { ServiceHost } from './host';
import type { Services } from './types';

/** Calls a service by channel name with an unvalidated argument: the single entry of both transports. */
export type Dispatch = (channel: string, argument: unknown) => Promise<Result<unknown>>;

/**
 * Builds the dispatcher used by the Electron IPC handlers and by the test harness alike: it rejects
 * unknown channels, validates the argument against the contract, and turns every outcome into a
 * Result. Expected failures (UserError) keep their code; anything else is a bug: logged, and
 * reported to the user as INTERNAL without internals.
 */
export function createDispatcher(services: Services, log: ServiceHost['log']): Dispatch {
  return async (channel, argument) => {
    const method = methodByChannel.get(channel);
    if (method === undefined) return fail('UNKNOWN_CHANNEL', `（${channel.slice(0, 80)}）`);
    return invoke(method, argument, services, log);
  };
}

async function invoke<M extends MethodName>(
  method: M,
  argument: unknown,
  services: Services,
  log: ServiceHost['log'],
): Promise<Result<unknown>> {
  const parsed = contract[method].request.safeParse(argument ?? {});
  if (!parsed.success) {
    return fail('INVALID_ARGUMENT', `\n${formatIssues(toValidationIssues(parsed.error))}`);
  }
  try {
    const handler = services[method] as (request: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    if (isUserError(error)) return error.toFailure();
    log('error', `Unhandled error in ${method}`, error);
    return fail('INTERNAL');
  }
}
