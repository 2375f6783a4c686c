// Zip packages (.docx, .ofd) with the export's clock in every entry, not the machine's.
/**
 * Sets every entry time of a zip file to `now` (MS-DOS date and time, the clock's UTC fields), in the
 * local headers and the central directory. The zipper stamps entries with the machine's clock; the
 * export's clock is injected, so the same input and clock give the same bytes.
 */
export function fixZipTimes(zip: Uint8Array, now: Date): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const year = Math.min(Math.max(now.getUTCFullYear(), 1980), 2107);
  const date = ((year - 1980) << 9) | ((now.getUTCMonth() + 1) << 5) | now.getUTCDate();
  const time = (now.getUTCHours() << 11) | (now.getUTCMinutes() << 5) | (now.getUTCSeconds() >> 1);
  for (let at = 0; at + 46 <= out.length; ) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) {
      view.setUint16(at + 10, time, true);
      view.setUint16(at + 12, date, true);
      const compressed = view.getUint32(at + 18, true);
      at += 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + compressed;
    } else if (signature === 0x02014b50) {
      view.setUint16(at + 12, time, true);
      view.setUint16(at + 14, date, true);
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    } else {
      break;
    }
  }
  return out;
}
