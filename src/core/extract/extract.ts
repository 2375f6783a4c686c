// Candidates from a source text: every stated quantity as an indicator (value, unit as written,
// base value and unit, goal or result, bound, year, place, subject, the verbatim sentence and its
// offset), and sentences that announce a programme as measures. Pure and rule-based: the rules
// are the product (what a 文秘 counts as a fact); numbers that are not facts (dates, section
// numbers, document numbers, names such as 十四五 or 5G) are not proposed as facts.
import { CITIES, placesIn } from './gazetteer';
import { CHINESE_NUMERAL_CHARS, magnitudeOf, parseArabic, parseChineseNumeral, scaled } from './numbers';
// The candidate's shape is shared with the API that carries it to the review screen.
import type { Candidate, CandidateBound, Qualifier } from '../../shared/library';

/** A candidate's qualifier: a goal or plan, a result, a comparison, a threshold. */
export type CandidateQualifier = Qualifier;
export type { Candidate, CandidateBound };

/** What the extractor knows of the document. */
export interface ExtractOptions {
  /** The document's year (from its date): 今年 and unstated goal years resolve to it. */
  readonly year?: number | null;
  /** The document's own place, the default for figures that name none. */
  readonly city?: string | null;
}

const NUMBER = `(?:\\d+(?:,\\d{3})*(?:\\.\\d+)?|[${CHINESE_NUMERAL_CHARS}][${CHINESE_NUMERAL_CHARS}万亿]*(?:点[零〇一二三四五六七八九]+)?)`;
const MAGNITUDE = '(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万)';
/** Units as written after a number (and its magnitude), longest first; measure words included. */
const UNITS = [
  '个百分点', '平方公里', '平方米', '千瓦时', '人次', '个月', '小时', '分钟', '公顷', '公里', '千米', '毫米', '厘米', '美元', '千瓦', '兆瓦', '吉瓦',
  '%', '％', '元', '人', '名', '位', '家', '项', '个', '所', '座', '台', '套', '件', '条', '户', '辆', '艘', '架', '张', '篇', '部', '款', '次', '年', '天', '倍', '亩', '米', '吨', '批', '强', '届', '期', '只', '株', '栋', '间', '场', '轮',
];
const UNIT = `(?:${UNITS.map((u) => u.replace('%', '%')).join('|')})`;
const BOUND_BEFORE = '(?:不低于|不少于|不超过|超过|突破|达到|至少|超|逾|近|约|降低|缩短|提高|增长|下降)';
const BOUND_AFTER = '(?:以上|以下|以内|之内|左右|余|多)';
const TOKEN = new RegExp(`(${BOUND_BEFORE})?(第|前|百分之)?(${NUMBER}|(?<![${CHINESE_NUMERAL_CHARS}\\d])(?=[万亿]+${UNIT}?级))(${MAGNITUDE})?(${UNIT})?(量级|级)?(${BOUND_AFTER})?`, 'gu');
const RANGE_JOIN = /^(?:—|–|-|~|～|至|到)/u;

const TARGET = /力争|确保|争取|预期|预计|计划|规划|目标|力求|明确|将(?=[^，。；]{0,6}(?:达到|突破|超过|新增|实现|建成|形成|培育|引进|打造|提升至|提高到|不低于|不少于))|(?<![需重主只必])要(?!素|求|是)|到20\d\d年|年底前|以内完成/u;
const COMPARISON = /(?<![占对])比(?!例|重)|较|同比|环比|高于|低于|相当于|多出|领先|仅次于|差距|仅为|只有[^，。]{1,8}的/u;
const THRESHOLD = /不低于|不少于|不超过|门槛/u;
/** Chinese numerals that are words, not quantities. */
const IDIOMS = /^(?:一批|一流|一体|一系列|一些|一定|一起|一直|一步|一带|一路|一线|一网|一站|一号|一把手|一方面|一是|二是|三是|四是|五是|一次性)/u;

interface Sentence {
  readonly text: string;
  /** offset in the paragraph */
  readonly start: number;
}

/** Sentences of a paragraph (ending 。！？ or the paragraph's end), each split at ；into clauses when it has them. */
function clausesOf(paragraph: string): { sentence: Sentence; clause: Sentence }[] {
  const out: { sentence: Sentence; clause: Sentence }[] = [];
  const sentenceRe = /[^。！？!?]+[。！？!?”’」』]*|[。！？!?]+/gu;
  for (const m of paragraph.matchAll(sentenceRe)) {
    const sentence = { text: m[0], start: m.index };
    if (/[；;]/u.test(sentence.text)) {
      for (const c of sentence.text.matchAll(/[^；;]+[；;]?/gu)) out.push({ sentence, clause: { text: c[0], start: sentence.start + c.index } });
    } else {
      out.push({ sentence, clause: sentence });
    }
  }
  return out;
}

/** The value of a number as written (Arabic or Chinese) and a magnitude written inside a Chinese numeral (两千零五十亿 → 2050, 亿). */
function readNumber(text: string): { value: number; magnitude: string } | null {
  const arabic = parseArabic(text);
  if (arabic !== null) return { value: arabic, magnitude: '' };
  const trailing = /(万亿|亿|万)$/u.exec(text);
  const head = trailing && text.length > trailing[0].length ? text.slice(0, -trailing[0].length) : text;
  const value = parseChineseNumeral(head);
  if (value === null) return null;
  return { value, magnitude: head === text ? '' : trailing![0] };
}

const boundOf = (before: string | undefined, after: string | undefined): CandidateBound | null => {
  if (after === '以上' || after === '余' || after === '多') return 'above';
  if (after === '以下' || after === '以内' || after === '之内') return 'below';
  if (after === '左右') return 'about';
  if (before === undefined) return null;
  if (/超过|突破|超|逾|不低于|不少于|至少/u.test(before)) return 'above';
  if (/不超过/u.test(before)) return 'below';
  if (/近|约/u.test(before)) return 'about';
  return null;
};

/** Is the number at `at` (length `length`) in `text` something other than a fact? Returns the reason. */
function notAFact(text: string, at: number, length: number, token: string, unit: string | undefined, value: number, chinese: boolean): 'date' | 'section' | 'docnumber' | 'name' | 'word' | null {
  const before = text.slice(Math.max(0, at - 3), at);
  const after = text.slice(at + length, at + length + 3);
  if (/^[年月日号]/u.test(after) && !unit) {
    if (/^年/u.test(after) && value >= 1900 && value <= 2100) return 'date';
    if (/^[月日号]/u.test(after) && value <= 31) return 'date';
  }
  if (/〔$|\[$|【$/u.test(before) || /^〕|^\]|^】/u.test(after)) return 'docnumber';
  if (/^号/u.test(after) && /〔\d{4}〕$/u.test(text.slice(Math.max(0, at - 6), at))) return 'docnumber';
  // Section numbers: 一、 （二） 3. at the start of a clause or line.
  if ((/^[、．.]/u.test(after) && !/^\.\d/u.test(after) && (at === 0 || /[\n。；：]$/u.test(before))) || (/（$|\($/u.test(before) && /^[）)]/u.test(after))) return 'section';
  // Names: 5G, PM2.5, 十四五, “1+8”, 3D.
  if (/[A-Za-z]$/u.test(before) || /^[A-Za-z]/u.test(after.replace(/^[%％]/u, '')) && !unit) return 'name';
  if (/^[+＋]/u.test(after) || /[+＋]$/u.test(before)) return 'name';
  if (/^十[四五六]五$/u.test(token) || (/^十[四五六]五/u.test(text.slice(at, at + 3)))) return 'name';
  if (chinese) {
    if (IDIOMS.test(text.slice(at))) return 'word';
    if (!unit) return 'word';
  } else if (!unit && !/^[万亿]/u.test(after)) return 'word';
  return null;
}

/** Strips connectors and verbs around a subject taken from the text before a number. */
function cleanSubject(raw: string): string {
  let s = raw.replace(/^[\s，,、：:“”"（）()]+|[\s，,、：:“”"（(]+$/gu, '');
  s = s.replace(/^(?:其中|此外|同时|另外|目前|截至目前|截至|去年|今年|全年|此前|近年来|近年|并且|并|而|但|且|及|和|与)+/u, '');
  s = s.replace(/(?:力争|确保|争取|控制在|保持在|稳定在|达到了|达到|达|为|是|约为|约|超过|突破|超|逾|近|增长了|增长|提高了|提高|提升|降低|下降|缩短|实现了|实现|有|共有|共|累计|新增|占比|占|居|位列|排名|排在|比上年|同比|较上年)+$/u, '');
  s = s.replace(/[\s，,、：:]+$/u, '');
  return s.length > 40 ? s.slice(s.length - 40) : s;
}

/** The part of `text` between the commas around [at, at + length). */
function commaClause(text: string, at: number, length: number): string {
  const start = Math.max(...['，', ',', '：', ':'].map((c) => text.lastIndexOf(c, at))) + 1;
  const ends = ['，', ',', '。', '；'].map((c) => text.indexOf(c, at + length)).filter((i) => i >= 0);
  return text.slice(start, ends.length > 0 ? Math.min(...ends) : text.length);
}

/** The year a figure refers to: stated before it in its sentence, or implied (今年, 去年, 全年). */
function yearOf(sentence: string, before: number, docYear: number | null): { year: number | null; stated: boolean } {
  const head = sentence.slice(0, before);
  const stated = [...head.matchAll(/((?:19|20)\d{2})年/gu)].pop();
  if (stated) return { year: Number(stated[1]), stated: true };
  // A source note after the figure: 18%（智联招聘2023年数据）.
  const note = /^[^，,。；;]*?[（(][^）)]*?((?:19|20)\d{2})年[^）)]*[）)]/u.exec(sentence.slice(before));
  if (note) return { year: Number(note[1]), stated: true };
  if (docYear !== null) {
    if (/去年|上年|过去一年/u.test(head)) return { year: docYear - 1, stated: false };
    if (/明年/u.test(head)) return { year: docYear + 1, stated: false };
    if (/今年|全年|本年/u.test(head)) return { year: docYear, stated: false };
  }
  return { year: null, stated: false };
}

const MEASURE_VERB = /出台|印发|发布|实施|启动|设立|成立|组建|建设|建成|建立|打造|推出|开展|落地|布局|规划|部署|推行|推动|试点|筹建|创建|共建|举办|提出|明确|落细|探索|整合|转型|集聚|引入|支持|政策|计划|工程/u;
const MEASURE_NAMES = /[“《‘]([^”》’]{2,30})[”》’]|([\u4e00-\u9fa5A-Za-z0-9]{2,14}(?:计划|工程|行动|政策|条例|办法|意见|方案|基金|实验室|研究院|研究中心|平台|中心|产业园|科技园|园区|专项|机制|联盟|大会|示范区|先行区|先导区|新区|试验区|学院|大学|基地|生态圈|补贴|体系|制|码))|((?:全力|加快)?(?:打造|推动|创建|建设)[\u4e00-\u9fa5]{2,14}(?:高地|攀登|先导区|生态圈|之城))/gu;

/** A programme's name without what precedes it in the sentence (2017年, 余杭区规划 …). */
function programmeName(raw: string): string {
  let name = raw.replace(/^.*?(?:19|20)\d{2}年/u, '');
  const verb = [...name.matchAll(/规划|建设|打造|成立|设立|建立|推行|创建|共建|组建|发布|印发|出台|集聚|引入|转型为|提出|明确|探索与?|加快|全力/gu)].pop();
  if (verb && verb.index + verb[0].length < name.length - 1) name = name.slice(verb.index + verb[0].length);
  return name;
}

/** Extracts candidates from the paragraphs of a source. */
export function extractCandidates(paragraphs: readonly string[], options: ExtractOptions = {}): Candidate[] {
  const docYear = options.year ?? null;
  const out: Candidate[] = [];
  let base = 0;
  // A heading sets the context of what follows it: its year (一、2024年工作回顾) and whether it
  // introduces goals (（二）2025年主要目标, 二、重点工作).
  let sectionYear: number | null = null;
  let sectionTarget = false;
  paragraphs.forEach((paragraph, index) => {
    if (paragraph.length <= 30 && !/[。；！？]/u.test(paragraph)) {
      const year = /((?:19|20)\d{2})年/u.exec(paragraph);
      if (/目标|计划|任务|重点工作|安排|打算|思路|举措/u.test(paragraph)) {
        sectionTarget = true;
        sectionYear = year ? Number(year[1]) : docYear;
      } else if (/回顾|完成情况|成效|进展|总结|情况/u.test(paragraph)) {
        sectionTarget = false;
        sectionYear = year ? Number(year[1]) : docYear !== null ? docYear - 1 : null;
      } else if (year && index > 0) {
        sectionYear = Number(year[1]);
      }
    }
    const places = placesIn(paragraph);
    for (const { sentence, clause } of clausesOf(paragraph)) {
      const quote = clause.text.trim() === sentence.text.trim() ? sentence.text.trim() : clause.text.replace(/[；;]$/u, '').trim();
      // The second number of a range (5%—5.5%) is read with the first.
      let skipUntil = -1;
      let prevEnd = 0;
      let prevSubject: string | null = null;
      for (const m of clause.text.matchAll(TOKEN)) {
        if (m.index < skipUntil) continue;
        const [whole, boundBefore, prefix, numberText = '', magnitudeText, unitText, level, boundAfter] = m;
        const numberAt = m.index + (boundBefore?.length ?? 0) + (prefix?.length ?? 0);
        // 亿级用户, 亿元级: a magnitude alone, as an order of magnitude (value 1).
        const read = numberText === '' ? (magnitudeText && level ? { value: 1, magnitude: '' } : null) : readNumber(numberText);
        if (!read) continue;
        const chinese = parseArabic(numberText) === null;
        let unit = unitText ?? (prefix === '百分之' ? '%' : undefined);
        if (prefix === '前' && !unit) unit = '名';
        if (prefix === '第' && !unit) unit = '名';
        const magnitude = magnitudeText ?? read.magnitude;
        // Ranks: 第十 / 前十 count when the text ranks something (位列第十, 全国前十), not in names (新春第一会).
        if ((prefix === '第' || prefix === '前') && !unitText) {
          const lead = clause.text.slice(Math.max(0, m.index - 4), m.index);
          if (!/位列|位居|居|排名|排在|排|全国|全省|全球|世界/u.test(lead)) continue;
        }
        // A year (2017年) is a date, not a duration; 第八年 and 连续6年 are durations.
        if (unitText === '年' && !magnitudeText && !prefix && read.value >= 1900 && read.value <= 2100 && !chinese) continue;
        // Small Chinese numerals with a measure word are words (三个支点, 一只猴子, 二次流失, 百年雨廊)
        // unless a bound makes them a claim (至少五年) or they are a multiple (百倍).
        if (chinese && !read.magnitude && !magnitudeText && unitText !== '倍' && prefix !== '第' && prefix !== '前' && (read.value <= 10 || unitText === '年') && !(boundBefore && /至少|超过|不少于|不低于/u.test(boundBefore))) continue;
        // 三个15%: a slogan's name.
        if (/[一二三四五六七八九十]个$/u.test(clause.text.slice(Math.max(0, m.index - 2), m.index))) {
          out.push({ kind: 'name', quote, valueText: whole, value: read.value, unit: null, baseValue: null, baseUnit: null, qualifier: null, bound: null, year: null, city: null, district: null, subject: null, paragraph: index + 1, offset: base + clause.start + m.index, confidence: 0.2 });
          continue;
        }
        const reason = notAFact(clause.text, numberAt, numberText.length, numberText, unit ?? (magnitude ? magnitude : undefined), read.value, chinese);
        if (reason === 'date' || reason === 'section' || reason === 'docnumber' || reason === 'word') continue;
        const sentenceOffset = clause.start - sentence.start + numberAt;
        const offset = base + clause.start + numberAt;
        if (reason === 'name') {
          out.push({ kind: 'name', quote, valueText: whole, value: read.value, unit: null, baseValue: null, baseUnit: null, qualifier: null, bound: null, year: null, city: null, district: null, subject: null, paragraph: index + 1, offset, confidence: 0.2 });
          continue;
        }
        // A range: 5%—5.5%, 5—5.5%, 从3万到5万.
        const rest = clause.text.slice(m.index + whole.length);
        let valueHigh: number | undefined;
        let rangeText = '';
        const join = RANGE_JOIN.exec(rest);
        if (join) {
          const second = new RegExp(`^(${NUMBER})(${MAGNITUDE})?(${UNIT})?`, 'u').exec(rest.slice(join[0].length));
          const high = second ? readNumber(second[1]!) : null;
          if (second && high) {
            valueHigh = high.value;
            unit ??= second[3];
            skipUntil = m.index + whole.length + join[0].length + second[0].length;
            rangeText = `${join[0]}${second[0]}`;
          }
        }
        const unitWritten = `${magnitude}${unit ?? ''}`;
        const factor = magnitudeOf(magnitude);
        const baseUnit = unit === undefined ? null : unit === '％' ? '%' : unit === '名' || unit === '位' ? (prefix === '前' || prefix === '第' ? '名' : '名') : unit;
        const sentenceText = sentence.text;
        const target = TARGET.test(sentenceText) || (sectionTarget && !COMPARISON.test(commaClause(clause.text, m.index, whole.length)));
        // The comma-clause the figure stands in decides comparison and threshold; the sentence decides a goal.
        const part = commaClause(clause.text, m.index, whole.length);
        const qualifier: CandidateQualifier = target ? 'target' : THRESHOLD.test(part) ? 'threshold' : COMPARISON.test(part) || unit === '倍' ? 'comparison' : 'actual';
        const { year: statedYear } = yearOf(sentenceText, sentenceOffset, docYear);
        const year = statedYear ?? sectionYear ?? (qualifier === 'target' ? docYear : null);
        // Place: the nearest named before the figure in its paragraph, else the document's.
        const at = clause.start + numberAt;
        const own = places.filter((p) => !/(?:与|比|较|相比|仅为|超过|对标|学习|借鉴)$/u.test(paragraph.slice(Math.max(0, p.at - 2), p.at)));
        const near = [...own].filter((p) => p.at < at).pop() ?? own.find((p) => p.at > at && p.at - at < 20);
        const city = near?.city ?? options.city ?? null;
        const district = near?.district ?? null;
        // The subject: the words before the figure in its comma-part, from the previous figure on;
        // after a figure (…1.85万亿元，增长4.5%) or when only a verb is left (比上年提高0.2个百分点),
        // the previous figure's subject with that verb.
        const lead = clause.text.slice(Math.max(0, m.index - 60), m.index).split(/[，,：:；;]/u).pop() ?? '';
        const sincePrevious = prevEnd > clause.text.length - (clause.text.length - m.index) - lead.length ? clause.text.slice(prevEnd, m.index) : lead;
        let subject = cleanSubject(sincePrevious);
        const verb = sincePrevious.replace(/^[\s，,、：:]+/u, '').trim();
        if (subject.length < 2 && prevSubject !== null && verb.length <= 8) subject = `${prevSubject}${verb}`.replace(/(?:为|达|达到|是)$/u, '');
        if (subject === '') subject = cleanSubject(clause.text.slice(m.index + whole.length).split(/[，,。；;]/u)[0] ?? '');
        if (sincePrevious === lead || subject.length >= 2) prevSubject = subject === '' ? prevSubject : subject.replace(/(?:增长|提高|下降|降低)$/u, '');
        prevEnd = m.index + whole.length + rangeText.length;
        const valueText = `${boundBefore && /超过|突破|超|逾|近|约|不低于|不少于|至少/u.test(boundBefore) ? boundBefore : ''}${prefix ?? ''}${numberText}${unitWritten}${level ?? ''}${boundAfter ?? ''}${rangeText}`;
        const value = read.value;
        let confidence = chinese ? 0.7 : 0.9;
        if (subject.length < 2) confidence -= 0.3;
        if (unit === undefined) confidence -= 0.2;
        out.push({
          kind: 'indicator',
          quote,
          valueText,
          value,
          ...(valueHigh !== undefined ? { valueHigh } : {}),
          unit: unitWritten === '' ? null : unitWritten === '％' ? '%' : unitWritten,
          baseValue: scaled(value, factor),
          baseUnit,
          qualifier,
          bound: boundOf(boundBefore, boundAfter),
          year,
          city: city !== null && CITIES.includes(city) ? city : city,
          district,
          subject: subject === '' ? null : subject,
          paragraph: index + 1,
          offset,
          confidence: Math.max(0.1, Math.round(confidence * 100) / 100),
        });
      }
      // Measures: each programme a sentence names (quoted or by its kind: 计划, 工程, 中心 …) when the
      // sentence announces something; once per sentence (on its first clause).
      if (clause.start === sentence.start && MEASURE_VERB.test(sentence.text)) {
        const names = new Map<string, number>();
        for (const n of sentence.text.matchAll(MEASURE_NAMES)) {
          const name = programmeName((n[1] ?? n[2] ?? n[3])!);
          if (!names.has(name) && !/^\d+$/u.test(name) && !/^(?:全年|今年|明年|年度|各项|有关|相关)?(?:计划|方案|意见|政策|体系|机制|平台)$/u.test(name)) names.set(name, n.index);
        }
        const yearMatch = /((?:19|20)\d{2})年/u.exec(sentence.text);
        const measure = (name: string | undefined, at: number) => {
          const near = [...places].filter((p) => p.at <= sentence.start + at).pop();
          out.push({
            kind: 'measure',
            quote: sentence.text.trim(),
            valueText: null,
            value: null,
            unit: null,
            baseValue: null,
            baseUnit: null,
            qualifier: TARGET.test(sentence.text) ? 'target' : 'actual',
            bound: null,
            year: yearMatch ? Number(yearMatch[1]) : null,
            city: near?.city ?? options.city ?? null,
            district: near?.district ?? null,
            subject: commaClause(sentence.text, at, name?.length ?? 0).trim().replace(/[。！？]$/u, '').slice(0, 60),
            ...(name !== undefined ? { name } : {}),
            paragraph: index + 1,
            offset: base + sentence.start + at,
            confidence: name !== undefined ? 0.6 : 0.4,
          });
        };
        if (names.size === 0) measure(undefined, 0);
        for (const [name, at] of names) measure(name, at);
      }
    }
    base += paragraph.length + 1;
  });
  return out;
}
