// The API the template gallery uses: the template group (merged into the contract by the lead) and
// the few draft methods it needs. Reached through src/renderer/api.ts like everything else.
import type { z } from 'zod';
import type { Api } from '../../../shared/api';
import type { MethodSpec } from '../../../shared/api/define';
import type { templateMethods } from '../../../shared/api/templates';
import type { Result } from '../../../shared/errors';
import { api } from '../../api';

type Methods = typeof templateMethods;
type ValueOf<S> = S extends MethodSpec<z.ZodType, infer V> ? V : never;
type RequestOf<S> = S extends MethodSpec<infer R, unknown> ? z.input<R> : never;

/** The template methods as the renderer calls them. */
export type TemplateApi = { [M in keyof Methods]: (request: RequestOf<Methods[M]>) => Promise<Result<ValueOf<Methods[M]>>> };

/** Everything the gallery calls. */
export type TemplatesClient = TemplateApi & Pick<Api, 'listDrafts' | 'getDraft' | 'saveDraft' | 'previewPdf'>;

/** The app's API seen as the gallery's client (the template group is part of `window.api` once wired). */
export function defaultTemplatesClient(): TemplatesClient {
  return api as unknown as TemplatesClient;
}
