import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Installed fonts officials expect, by the file names they ship under (Windows, WPS, macOS,
 * 方正 installers). Matching names instead of parsing every installed font keeps start-up fast;
 * each candidate file is parsed once, and only when its role is needed.
 */
const KNOWN_FILES: Record<string, readonly string[]> = {
  方正小标宋简体: ['FZXBSJW.TTF', 'FZXBSJW--GB1-0.TTF', '方正小标宋简体.ttf', '方正小标宋简体.TTF'],
  方正小标宋_GBK: ['FZXBSK.TTF', 'FZXBSK--GBK1-0.TTF', '方正小标宋_GBK.ttf'],
  'FZXiaoBiaoSong-B05S': ['FZXBSJW.TTF'],
  'FZXiaoBiaoSong-B05': ['FZXBSK.TTF'],
  华文中宋: ['STZHONGS.TTF'],
  STZhongsong: ['STZHONGS.TTF'],
  宋体: ['simsun.ttc', 'SimSun.ttf', 'simsun.ttf'],
  SimSun: ['simsun.ttc', 'SimSun.ttf', 'simsun.ttf'],
  NSimSun: ['simsun.ttc'],
  华文宋体: ['STSONG.TTF', 'Songti.ttc'],
  STSong: ['STSONG.TTF', 'Songti.ttc'],
  仿宋_GB2312: ['仿宋_GB2312.ttf', 'FangSong_GB2312.ttf', 'SIMFANG_GB2312.TTF', 'fsgb2312.ttf', 'GB2312.TTF'],
  FangSong_GB2312: ['FangSong_GB2312.ttf', '仿宋_GB2312.ttf', 'fsgb2312.ttf'],
  方正仿宋_GBK: ['FZFSK.TTF', 'FZFSK--GBK1-0.TTF', '方正仿宋_GBK.ttf'],
  方正仿宋简体: ['FZFSJW.TTF', '方正仿宋简体.ttf'],
  仿宋: ['simfang.ttf', 'SIMFANG.TTF'],
  FangSong: ['simfang.ttf', 'SIMFANG.TTF'],
  华文仿宋: ['STFANGSO.TTF'],
  STFangsong: ['STFANGSO.TTF'],
  黑体: ['simhei.ttf', 'SIMHEI.TTF'],
  SimHei: ['simhei.ttf', 'SIMHEI.TTF'],
  方正黑体_GBK: ['FZHTK.TTF', '方正黑体_GBK.ttf'],
  方正黑体简体: ['FZHTJW.TTF', '方正黑体简体.ttf'],
  华文黑体: ['STHeiti Light.ttc', 'STHeiti Medium.ttc', 'STXIHEI.TTF'],
  STHeiti: ['STHeiti Medium.ttc', 'STHeiti Light.ttc'],
  楷体_GB2312: ['楷体_GB2312.ttf', 'KaiTi_GB2312.ttf', 'SIMKAI_GB2312.TTF', 'ktgb2312.ttf'],
  KaiTi_GB2312: ['KaiTi_GB2312.ttf', '楷体_GB2312.ttf', 'ktgb2312.ttf'],
  方正楷体_GBK: ['FZKTK.TTF', '方正楷体_GBK.ttf'],
  方正楷体简体: ['FZKTJW.TTF', '方正楷体简体.ttf'],
  楷体: ['simkai.ttf', 'SIMKAI.TTF'],
  KaiTi: ['simkai.ttf', 'SIMKAI.TTF'],
  华文楷体: ['STKAITI.TTF'],
  STKaiti: ['STKAITI.TTF'],
};

/** The directories installed fonts live in on this platform (only those that exist). */
export function defaultSystemFontDirs(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homedir();
  const dirs =
    platform === 'win32'
      ? [join(env.WINDIR ?? 'C:\\Windows', 'Fonts'), join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Microsoft', 'Windows', 'Fonts')]
      : platform === 'darwin'
        ? ['/Library/Fonts', '/System/Library/Fonts', '/System/Library/Fonts/Supplemental', join(home, 'Library', 'Fonts')]
        : ['/usr/share/fonts', '/usr/local/share/fonts', join(home, '.fonts'), join(home, '.local', 'share', 'fonts')];
  return dirs.filter((d) => existsSync(d));
}

/** Lists font files under `dirs` (two levels deep), by lower-cased base name → full path. */
export function indexFontFiles(dirs: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  const visit = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 3) visit(full, depth + 1);
      } else if (/\.(ttf|otf|ttc)$/i.test(entry.name)) {
        const key = entry.name.toLowerCase();
        if (!index.has(key)) index.set(key, full);
      }
    }
  };
  for (const dir of dirs) visit(dir, 0);
  return index;
}

/** Files that may hold the family `name`, in preference order. */
export function candidateFilesFor(name: string, index: ReadonlyMap<string, string>): string[] {
  const files = KNOWN_FILES[name] ?? [];
  const out: string[] = [];
  for (const file of [...files, `${name}.ttf`, `${name}.otf`, `${name}.ttc`]) {
    const path = index.get(file.toLowerCase());
    if (path && !out.includes(path)) out.push(path);
  }
  return out;
}
