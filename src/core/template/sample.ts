import { createBriefing } from '../briefing';
import type { Briefing } from '../../shared/briefing';
import type { Template } from '../../shared/template';

/** The template's sample content as a briefing (what the gallery's thumbnails and previews show). */
export function sampleBriefing(template: Template): Briefing {
  const sample = template.sample;
  return createBriefing({
    id: `sample-${template.id}`.slice(0, 64),
    template: { id: template.id, version: template.version },
    title: sample.title,
    today: sample.meta.issueDate ?? '2025-01-01',
    meta: { ...template.skeleton.meta, ...sample.meta },
    blocks: sample.blocks,
  });
}

/** A briefing moved to another template (and version): the content unchanged, the pin updated. */
export function withTemplate(briefing: Briefing, template: Pick<Template, 'id' | 'version'>): Briefing {
  return { ...briefing, template: { id: template.id, version: template.version } };
}
