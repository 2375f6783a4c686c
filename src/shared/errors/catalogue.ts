/**
 * The error-code catalogue: every expected failure a user can meet, with a stable code and the
 * Chinese message shown to them. Bugs are not here: they are thrown and logged.
 */
export const errorCatalogue = {
  INVALID_ARGUMENT: '请求参数无效。',
  UNKNOWN_CHANNEL: '未知的操作请求。',
  FORBIDDEN_SENDER: '请求来源不受信任，已拒绝。',
  INVALID_BRIEFING: '简报文件内容无效。',
  INVALID_JSON: '文件不是有效的 JSON。',
  NEWER_VERSION: '该文件由更新版本的简报工坊创建，请升级后再打开。',
  DRAFT_NOT_FOUND: '找不到该草稿，可能已被删除。',
  UNKNOWN_TEMPLATE: '找不到指定的模板。',
  INVALID_TEMPLATE: '模板文件有误。',
  LIBRARY_ITEM_NOT_FOUND: '资料库中找不到该条目。',
  LIBRARY_SOURCE_NOT_FOUND: '资料库中找不到该来源。',
  LIBRARY_INVALID: '资料库数据无效。',
  DATA_DIR_UNAVAILABLE: '数据目录不存在或无法写入。',
  WRITE_FAILED: '文件写入失败。',
  READ_FAILED: '文件读取失败。',
  DISK_FULL: '磁盘空间不足，保存失败。',
  PERMISSION_DENIED: '没有写入权限。',
  FILE_TOO_LARGE: '文件过大。',
  TOO_DEEP: '文件嵌套层级过深，已拒绝读取。',
  UNSAFE_CONTENT: '文件包含不安全的内容，已拒绝导入。',
  MISSING_GLYPH: '有字符没有可用的字体，无法导出。',
  FONT_UNAVAILABLE: '缺少必需的字体。',
  EXPORT_FAILED: '导出 PDF 失败。',
  CANCELLED: '操作已取消。',
  SOURCE_UNSUPPORTED: '不支持这种文件：请导入 .txt、.docx、.pdf 或保存的网页 .html。',
  SOURCE_NO_TEXT: '文件里没有可读取的文字：可能是扫描件（图片），请先做文字识别（OCR）或粘贴文字。',
  SOURCE_ENCRYPTED: '文件已加密或设置了打开密码，无法读取。请先解除密码再导入。',
  SOURCE_DAMAGED: '文件已损坏或格式不正确，无法读取。',
  PACK_INVALID: '资料包无效：不是简报工坊资料包，或内容不符合格式。',
  PACK_DAMAGED: '资料包已损坏（无法解压或校验不符），无法导入。',
  PACK_TOO_LARGE: '资料包过大，已拒绝导入。',
  PACK_ZIP_BOMB: '资料包解压后的大小超出上限或与声明不符（疑似压缩炸弹），已拒绝导入。',
  PACK_UNSAFE_PATH: '资料包含有不安全或不认识的文件路径，已拒绝导入。',
  PACK_TOO_MANY_ENTRIES: '资料包中的文件或条目过多，已拒绝导入。',
  PACK_NEWER_VERSION: '该资料包由更新版本的简报工坊制作，请升级后再导入。',
  PACK_CHANGED: '资料包在预览之后被修改过，请重新预览后再导入。',
  INTERNAL: '程序内部错误，请重试；若反复出现，请联系维护人员。',
} as const satisfies Record<string, string>;

/** A stable error code from the catalogue. */
export type ErrorCode = keyof typeof errorCatalogue;

/** True when `code` names an entry of the catalogue. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCatalogue, code);
}
