// Text taken from the clipboard's HTML (plain-text fields: the title, 编者按, table cells).
import { describe, expect, it } from 'vitest';
import { htmlToText } from './clipboard';

describe('htmlToText', () => {
  it('keeps headings, line breaks and list items as lines and drops scripts', () => {
    const html = '<div><h2>标题</h2><p>第一段<br>第二段</p><ul><li>甲</li><li>乙</li></ul><script>alert(1)</script></div>';
    expect(htmlToText(html).split('\n').map((s) => s.trim()).filter(Boolean)).toEqual(['标题', '第一段', '第二段', '甲', '乙']);
  });
});
