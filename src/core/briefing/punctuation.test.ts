import { describe, expect, it } from 'vitest';
import { findAsciiPunctuation, fullWidthFor, pastedTextToParagraphs, toFullWidthPunctuation } from '.';

describe('full-width punctuation', () => {
  it('turns ASCII marks inside Chinese into full-width ones', () => {
    expect(toFullWidthPunctuation('杭州,南京;上海:好?是!(注)')).toBe('杭州，南京；上海：好？是！（注）');
    expect(toFullWidthPunctuation('他说"要创新"。')).toBe('他说“要创新”。');
  });

  it('leaves numbers, list numbers, times and Latin alone', () => {
    expect(toFullWidthPunctuation('研发投入强度3.85%，规模1,000亿元，10:30开会')).toBe('研发投入强度3.85%，规模1,000亿元，10:30开会');
    expect(toFullWidthPunctuation('1.加强统筹')).toBe('1.加强统筹');
    expect(toFullWidthPunctuation('DeepSeek, Inc. is here.')).toBe('DeepSeek, Inc. is here.');
    expect(findAsciiPunctuation('3.85%')).toEqual([]);
    // Titles in 《》 are cited as published.
    expect(toFullWidthPunctuation('见《杭州有DeepSeek,我们有什么?》,第10段')).toBe('见《杭州有DeepSeek,我们有什么?》，第10段');
  });

  it('converts as you type after Chinese (full-width by default) but not after Latin or in numbers', () => {
    expect(fullWidthFor(',', '杭州')).toBe('，');
    expect(fullWidthFor('.', '杭州')).toBe('。');
    expect(fullWidthFor('.', '3')).toBeNull();
    expect(fullWidthFor(',', 'Inc')).toBeNull();
    expect(fullWidthFor('"', '他说')).toBe('“');
    expect(fullWidthFor('"', '他说“创新')).toBe('”');
    expect(fullWidthFor(')', '（注')).toBe('）');
    expect(fullWidthFor(',', '增长5%')).toBe('，');
    expect(fullWidthFor('a', '杭州')).toBeNull();
  });
});

describe('pasted text', () => {
  it('keeps paragraphs, drops indentation, blank lines and Word spacing, makes punctuation full-width', () => {
    const text = '　　杭州以"三个15%"支持创新,成效明显。\r\n\r\n  南京 推进 科技成果转化。 \n\n';
    expect(pastedTextToParagraphs(text)).toEqual(['杭州以“三个15%”支持创新，成效明显。', '南京推进科技成果转化。']);
  });
});
