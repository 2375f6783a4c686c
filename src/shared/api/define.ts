import type { z } from 'zod';

/**
 * One method of the API contract: its IPC channel, the schema its argument is validated with on
 * the main side, and (as a phantom type) the value it returns on success.
 */
export interface MethodSpec<Req extends z.ZodType = z.ZodType, Value = unknown> {
  readonly channel: `${string}:${string}`;
  readonly request: Req;
  /** Type-level only: the success value. Never read at run time. */
  readonly value?: Value;
}

/**
 * Declares a method. Curried so the value type is written and the request type inferred:
 * `defineMethod<DraftSummary[]>()('draft:list', z.strictObject({}))`.
 */
export function defineMethod<Value>() {
  return <Req extends z.ZodType>(channel: `${string}:${string}`, request: Req): MethodSpec<Req, Value> => ({
    channel,
    request,
  });
}
