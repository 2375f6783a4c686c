import type { MethodName, ParsedRequestOf, ResultOf } from '../../shared/api';

/** The main-side implementation of one contract method: validated request in, Result out. */
export type Handler<M extends MethodName> = (request: ParsedRequestOf<M>) => Promise<ResultOf<M>>;

/** Implementations of a subset of the contract (one group). */
export type ServiceGroup<M extends MethodName> = { [K in M]: Handler<K> };

/** Implementations of every method of the contract. */
export type Services = { [M in MethodName]: Handler<M> };
