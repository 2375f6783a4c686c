import { UserError, isUserError, type ErrorCode } from '../../shared/errors';
import { errnoCode } from './fs-layer';

/** The error code a failed disk operation is reported with. */
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

const hints: Partial<Record<ErrorCode, string>> = {
  DISK_FULL: '请清理磁盘空间',
  PERMISSION_DENIED: '请检查数据目录的访问权限（或是否为只读）',
  WRITE_FAILED: '文件可能被其他程序占用',
};

/**
 * Converts a failed write into a user error: DISK_FULL (ENOSPC), PERMISSION_DENIED
 * (EACCES/EPERM/EROFS) or WRITE_FAILED (EBUSY and the rest). `what` names the thing being saved;
 * the message tells the user the content is kept and saving will be retried.
 */
export function toWriteError(error: unknown, what: string, kept = true): UserError {
  if (isUserError(error)) return error;
  const code = codeForFsError(error);
  const errno = errnoCode(error);
  const hint = hints[code] ?? '';
  const tail = kept ? '内容仍保留在程序中，将自动重试，也可手动重试' : '请稍后重试';
  return new UserError(code, `（${what}；${hint}${hint ? '。' : ''}${tail}${errno ? `；${errno}` : ''}）`);
}
