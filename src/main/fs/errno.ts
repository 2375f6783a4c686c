import { dirname } from 'node:path';
import { UserError, fail, isUserError, type ErrorCode, type Failure } from '../../shared/errors';

/** The `code` of a Node system error (`ENOENT`, `ENOSPC` …), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** True when the error says the file or directory does not exist. */
export function isNotFound(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT';
}

/**
 * The one errno → error-code map of the main process (the store, the user library, exports,
 * templates, recovery copies all report disk failures through it): a full disk or quota is
 * DISK_FULL, a refused access or a read-only file system PERMISSION_DENIED, anything else
 * (EBUSY, EIO, a missing folder …) WRITE_FAILED.
 */
export function codeForFsError(error: unknown): ErrorCode {
  switch (errnoCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'DISK_FULL';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'PERMISSION_DENIED';
    default:
      return 'WRITE_FAILED';
  }
}

/**
 * A failed file operation as a `Failure`: the code from `codeForFsError`, the detail naming the
 * path (for a missing folder, the folder; for an existing path, that it exists).
 */
export function fsFailure(error: unknown, path: string): Failure {
  const code = codeForFsError(error);
  const errno = errnoCode(error);
  if (code === 'WRITE_FAILED' && (errno === 'ENOENT' || errno === 'ENOTDIR')) return fail(code, `（目录不存在：${dirname(path)}）`);
  if (code === 'WRITE_FAILED' && errno === 'EISDIR') return fail(code, `（这是一个目录：${path}）`);
  if (code === 'WRITE_FAILED' && errno === 'EEXIST') return fail(code, `（已存在：${path}）`);
  return fail(code, `（${path}）`);
}

const hints: Partial<Record<ErrorCode, string>> = {
  DISK_FULL: '请清理磁盘空间',
  PERMISSION_DENIED: '请检查数据目录的访问权限（或是否为只读）',
  WRITE_FAILED: '文件可能被其他程序占用',
};

/**
 * A failed write as a user error with the code from `codeForFsError` (a `UserError` passes
 * through). `what` names the thing being saved; with `kept`, the detail says the content is kept
 * in memory and saving will be retried.
 */
export function toWriteError(error: unknown, what: string, kept = true): UserError {
  if (isUserError(error)) return error;
  const code = codeForFsError(error);
  const errno = errnoCode(error);
  const hint = hints[code] ?? '';
  const tail = kept ? '内容仍保留在程序中，将自动重试，也可手动重试' : '请稍后重试';
  return new UserError(code, `（${what}；${hint}${hint ? '。' : ''}${tail}${errno ? `；${errno}` : ''}）`);
}
