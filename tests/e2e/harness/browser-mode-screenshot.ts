// The README's browser-mode picture: `briefsmith open --print-url` and Debian Chromium with its own
// window (address bar, tab) on a virtual X display, captured whole by the X server (xwd). Run:
//   xvfb-run -a -s '-screen 0 1366x900x24' npx tsx tests/e2e/harness/browser-mode-screenshot.ts [out.png]
// (apt-get install xvfb x11-apps). Not a test: the e2e suite's own screenshot (browser-mode.png from
// web.test.ts) is the page alone; this one shows that the page is a browser tab on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './browser';
import { startOpen } from './cli-open';

const out = process.argv[2] ?? join(import.meta.dirname, '..', 'screenshots', 'browser-mode-window.png');

/** An X window dump (ZPixmap, 32 bits per pixel) as an RGB PNG. */
function xwdToPng(xwd: Buffer): Buffer {
  const field = (i: number) => xwd.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bytesPerLine, rMask, gMask, bMask, colours] = [field(0), field(4), field(5), field(7), field(12), field(13), field(14), field(15), field(19)];
  const start = headerSize + colours * 12;
  const raw = Buffer.alloc(height * (1 + width * 3));
  const shift = (mask: number) => Math.clz32(0) - Math.clz32(mask) - 8;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = start + y * bytesPerLine + x * 4;
      const v = byteOrder === 0 ? xwd.readUInt32LE(at) : xwd.readUInt32BE(at);
      const o = y * (1 + width * 3) + 1 + x * 3;
      raw[o] = (v & rMask) >>> shift(rMask);
      raw[o + 1] = (v & gMask) >>> shift(gMask);
      raw[o + 2] = (v & bMask) >>> shift(bMask);
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
const server = await startOpen(join(mkdtempSync(join(tmpdir(), 'bs-shot-')), 'data'));
// A profile whose browser does not offer to translate the Chinese page (its bubble would cover the app).
const profile = mkdtempSync(join(tmpdir(), 'bs-shot-profile-'));
mkdirSync(join(profile, 'Default'));
writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ translate: { enabled: false }, translate_blocked_languages: ['zh-CN', 'zh'] }));
const context = await chromium.launchPersistentContext(profile, {
  viewport: null,
  locale: 'zh-CN',
  executablePath: chromiumPath,
  headless: false,
  ignoreDefaultArgs: ['--enable-automation'],
  // the browser's own language is Chinese, as on an official's machine (and it offers no translation)
  env: { ...process.env, LANGUAGE: 'zh_CN', LANG: 'zh_CN.UTF-8' },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--window-position=0,0', '--window-size=1366,900', '--lang=zh-CN', '--disable-infobars', '--test-type', '--disable-features=Translate,TranslateUI'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  await page.getByTestId('new-draft').click();
  await page.getByTestId('editor').waitFor();
  await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.getByTestId('title-input').fill('关于在浏览器中编写简报的说明').catch(() => undefined);
  await page.locator('[data-testid="body"] > p.bs-para').last().click();
  await page.keyboard.press('End');
  await page.keyboard.insertText('没有 Electron 的机器上，npm start 改用浏览器模式：同一个简报工坊、同一个数据目录，只在本机 127.0.0.1 上提供服务。');
  await page.waitForTimeout(4_000);
  await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(1_500);
  const dump = join(profile, 'screen.xwd');
  execFileSync('xwd', ['-root', '-silent', '-out', dump]);
  writeFileSync(out, xwdToPng(readFileSync(dump)));
} finally {
  await context.close();
  await server.stop('SIGINT');
}
