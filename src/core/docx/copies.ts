import type { LayoutDocument } from '../layout';
import { writeBriefingDocx, type DocxInput } from './writer';

/** One numbered copy: its 份号 (zero-padded as the template says) and, when known, who receives it. */
export interface DocxCopy {
  readonly copyNumber: string;
  readonly recipient?: string;
}

/** A written copy. */
export interface DocxCopyFile extends DocxCopy {
  readonly docx: Uint8Array;
}

/**
 * Numbered copies: one .docx per copy, each with its 份号 in the 报头 and its recipient in the
 * document properties. `layoutFor` lays the briefing out for that copy (the 份号 is part of the
 * layout), as the PDF export does for its numbered copies.
 */
export async function writeBriefingDocxCopies(
  base: Omit<DocxInput, 'layout' | 'copyNumber' | 'recipient'>,
  copies: readonly DocxCopy[],
  layoutFor: (copy: DocxCopy) => LayoutDocument,
  signal?: AbortSignal,
): Promise<DocxCopyFile[]> {
  const out: DocxCopyFile[] = [];
  for (const copy of copies) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('导出已取消', 'AbortError');
    const docx = await writeBriefingDocx({ ...base, layout: layoutFor(copy), copyNumber: copy.copyNumber, ...(copy.recipient !== undefined ? { recipient: copy.recipient } : {}) });
    out.push({ ...copy, docx });
  }
  return out;
}
