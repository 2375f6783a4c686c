import type { z } from 'zod';
import type { Result } from '../errors';
import { appMethods } from './app';
import { draftMethods } from './drafts';
import { exportMethods } from './export';
import { libraryMethods } from './library';
import { sourceMethods } from './sources';
import { templateMethods } from './templates';
import type { MethodSpec } from './define';

/**
 * The one API contract between the renderer and the main process: every method, its channel and
 * its argument schema. Main registers a handler for each; the preload exposes each by name; the
 * Chromium harness forwards each over HTTP. Add a group here when a capability arrives.
 */
export const contract = {
  ...appMethods,
  ...draftMethods,
  ...libraryMethods,
  ...exportMethods,
  ...templateMethods,
  ...sourceMethods,
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
/** The name of a method: `saveDraft`. */
export type MethodName = keyof Contract;
/** The channel of a method: `draft:save`. */
export type ChannelOf<M extends MethodName> = Contract[M]['channel'];
/** What the renderer passes. */
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
/** What a service receives after validation (defaults applied). */
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
/** The success value. */
export type ValueOf<M extends MethodName> = Exclude<Contract[M]['value'], undefined>;
/** What every method returns across the boundary. */
export type ResultOf<M extends MethodName> = Result<ValueOf<M>>;

/** The renderer's view of the API: `window.api`. */
export type Api = { [M in MethodName]: (request: RequestOf<M>) => Promise<ResultOf<M>> };

/** Every method name, in contract order. */
export const methodNames = Object.keys(contract) as MethodName[];

/** Channel → method, for the main-side dispatcher. */
export const methodByChannel: ReadonlyMap<string, MethodName> = new Map(
  methodNames.map((name) => [contract[name].channel, name]),
);
