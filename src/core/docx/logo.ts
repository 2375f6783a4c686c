// The masthead logo (a template's 报头标志图片) in the .docx: the layout's image, floating on page 1
// exactly where the PDF draws it (relative to the page, in front of nothing, no text wrap), so the
// masthead's lines stay where they are and the logo does not move when the text is revised.
import { HorizontalPositionRelativeFrom, ImageRun, TextWrappingType, VerticalPositionRelativeFrom } from 'docx';
import type { LayoutDocument } from '../layout';

/** Points → EMU (English Metric Units: 12,700 a point). */
const emu = (pt: number): number => Math.round(pt * 12_700);
/** Points → the library's image size unit (pixels at 96 dpi). */
const px = (pt: number): number => Math.max(1, Math.round((pt * 96) / 72));

/** PNG or JPEG by the file's signature; null for anything else (the layout only draws those two). */
function imageType(data: Uint8Array): 'png' | 'jpg' | null {
  if (data.length > 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  return null;
}

/**
 * The images the layout draws on its first page (the masthead logo), as floating runs placed
 * where the PDF has them. `drawingId` gives each its drawing id (the writer's own counter, so the
 * same input gives the same ids). Images the layout could not use (no data) are left out: the
 * export reports them already.
 */
export function logoRuns(layout: LayoutDocument, drawingId: () => number): ImageRun[] {
  const page = layout.pages[0];
  if (!page) return [];
  const runs: ImageRun[] = [];
  for (const item of page.items) {
    if (item.kind !== 'image' || !item.data) continue;
    const type = imageType(item.data);
    if (!type) continue;
    const name = item.file.replace(/^.*[\\/]/, '') || '报头标志';
    runs.push(
      new ImageRun({
        type,
        data: item.data,
        transformation: { width: px(item.w), height: px(item.h) },
        floating: {
          horizontalPosition: { relative: HorizontalPositionRelativeFrom.PAGE, offset: emu(item.x) },
          verticalPosition: { relative: VerticalPositionRelativeFrom.PAGE, offset: emu(item.y) },
          wrap: { type: TextWrappingType.NONE },
          allowOverlap: true,
          lockAnchor: true,
        },
        altText: { id: String(drawingId()), name, title: '报头标志', description: '报头标志图片' },
      }),
    );
  }
  return runs;
}
