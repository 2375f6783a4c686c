import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { lineColumnAt, type TextPosition } from './nesting';

/** Chinese text for each jsonc-parser syntax error code (JSON.parse speaks English). */
export const jsonSyntaxMessages: Readonly<Record<string, string>> = {
  InvalidSymbol: '此处有 JSON 不认识的字符',
  InvalidNumberFormat: '数字格式错误',
  PropertyNameExpected: '此处应为用英文双引号括起的字段名',
  ValueExpected: '此处应为一个值（文本、数字、true/false、对象或数组）',
  ColonExpected: '字段名后缺少英文冒号“:”',
  CommaExpected: '两项之间缺少英文逗号“,”',
  CloseBraceExpected: '缺少右花括号“}”',
  CloseBracketExpected: '缺少右方括号“]”',
  EndOfFileExpected: 'JSON 在此之前已经结束，后面还有多余的内容',
  InvalidCommentToken: 'JSON 不允许注释',
  UnexpectedEndOfComment: '注释没有结束（JSON 本来也不允许注释）',
  UnexpectedEndOfString: '文本没有结束：缺少右侧的英文双引号',
  UnexpectedEndOfNumber: '数字没有写完',
  InvalidUnicode: '无效的 \\u 转义',
  InvalidEscapeCharacter: '无效的转义字符（反斜杠后只能是 " \\ / b f n r t u）',
  InvalidCharacter: '文本中有不允许的控制字符（如未转义的换行，应写作 \\n）',
};

/** The first syntax error of a JSON text, located and in Chinese. */
export interface JsonSyntaxError extends TextPosition {
  readonly offset: number;
  readonly message: string;
}

/**
 * Finds the first syntax error of `text` (strict JSON: no comments, no trailing commas) with its
 * line and column, in Chinese. Recursive: call it only on text whose nesting was checked
 * (`scanJsonNesting`). Undefined when jsonc-parser finds no error.
 */
export function firstJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const errors: ParseError[] = [];
  if (text.trim() === '') return { offset: 0, line: 1, column: 1, message: '文件是空的' };
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  return { offset: first.offset, ...lineColumnAt(text, first.offset), message: jsonSyntaxMessages[printParseErrorCode(first.error)] ?? 'JSON 语法错误' };
}
