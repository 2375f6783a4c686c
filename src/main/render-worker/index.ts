// Rendering off the main thread: a worker_threads render worker with its own engine (see ARCHITECTURE.md).
export { createRenderer, type Renderer, type RendererOptions, type JobCallbacks, type JobDone } from './client';
export type { CopySpec, RegisterSpec, RenderJob, RenderedCopy } from './protocol';
