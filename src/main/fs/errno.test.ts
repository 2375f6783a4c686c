import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../shared/errors';
import { codeForFsError, fsFailure, toWriteError } from './errno';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('the one errno map', () => {
  it('maps a full disk or quota to DISK_FULL, refused access to PERMISSION_DENIED, the rest to WRITE_FAILED', () => {
    const table = Object.fromEntries(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EBUSY', 'EIO', 'ENOENT'].map((c) => [c, codeForFsError(errno(c))]));
    expect(table).toEqual({
      ENOSPC: 'DISK_FULL',
      EDQUOT: 'DISK_FULL',
      EACCES: 'PERMISSION_DENIED',
      EPERM: 'PERMISSION_DENIED',
      EROFS: 'PERMISSION_DENIED',
      EBUSY: 'WRITE_FAILED',
      EIO: 'WRITE_FAILED',
      ENOENT: 'WRITE_FAILED',
    });
    expect(codeForFsError(new Error('no code'))).toBe('WRITE_FAILED');
  });

  it('the Result form (fsFailure) and the thrown form (toWriteError) agree with it for every errno', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EBUSY', 'EIO', 'ENOENT', 'EEXIST', 'EISDIR']) {
      const expected = codeForFsError(errno(code));
      expect(fsFailure(errno(code), '/x/y.json').code).toBe(expected);
      expect(toWriteError(errno(code), '草稿').code).toBe(expected);
    }
  });

  it('a user error passes through toWriteError unchanged', () => {
    const first = toWriteError(errno('ENOSPC'), '草稿');
    expect(isUserError(first)).toBe(true);
    expect(toWriteError(first, 'other')).toBe(first);
  });

  it('is the only one: no other file under src/main maps errno codes to error codes', () => {
    const root = join(__dirname, '..');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(root);
    const mapping = /['"](ENOSPC|EROFS|EDQUOT)['"]/;
    const offenders = files.filter((f) => mapping.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(offenders).toEqual(['fs/errno.ts']);
  });
});
