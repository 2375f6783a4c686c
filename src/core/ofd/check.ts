// A structural checker for OFD packages: the element and attribute rules of GB/T 33190-2016's
// schema (Annex A, the XSDs) that this writer uses, reproduced as a table, plus the package-level
// rules (unique IDs, MaxUnitID, references resolve, files exist). It is not the official validator:
// it checks what is listed here and nothing else. The XML is parsed by the caller (any DOM).

/** The parts of a DOM element the checker reads. */
export interface XmlElementLike {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly children: ArrayLike<XmlElementLike>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}

/** One problem: the file, an element path and a code with its detail. */
export interface OfdProblem {
  readonly file: string;
  readonly path: string;
  readonly code: 'namespace' | 'unknown-element' | 'missing-element' | 'order' | 'missing-attribute' | 'bad-value' | 'duplicate-id' | 'max-unit-id' | 'dangling-ref' | 'missing-file';
  readonly detail: string;
}

type ValueType = 'box' | 'int' | 'refId' | 'numbers' | 'bool' | 'colour' | 'date' | 'text' | 'loc' | 'path';
interface Rule {
  /** Child elements in schema order; `+` one or more, `?` optional, `*` any number, none: exactly one. */
  readonly children?: readonly string[];
  readonly required?: Readonly<Record<string, ValueType>>;
  readonly optional?: Readonly<Record<string, ValueType>>;
  readonly text?: ValueType;
}

const G_UNIT_REQ = { ID: 'int', Boundary: 'box' } as const;
const G_UNIT_OPT = { Name: 'text', Visible: 'bool', CTM: 'numbers', DrawParam: 'refId', LineWidth: 'numbers', Cap: 'text', Join: 'text', MiterLimit: 'numbers', DashOffset: 'numbers', DashPattern: 'numbers', Alpha: 'int' } as const;

/** The element rules (namespace http://www.ofdspec.org/2016), by element name. */
export const OFD_RULES: Readonly<Record<string, Rule>> = {
  OFD: { children: ['DocBody+'], required: { Version: 'text', DocType: 'text' } },
  DocBody: { children: ['DocInfo', 'DocRoot?', 'Versions?', 'Signatures?'] },
  DocInfo: { children: ['DocID?', 'Title?', 'Author?', 'Subject?', 'Abstract?', 'CreationDate?', 'ModDate?', 'DocUsage?', 'Cover?', 'Keywords?', 'Creator?', 'CreatorVersion?', 'CustomDatas?'] },
  DocID: { text: 'text' },
  Title: { text: 'text' },
  Author: { text: 'text' },
  Subject: { text: 'text' },
  CreationDate: { text: 'date' },
  Keywords: { children: ['Keyword+'] },
  Keyword: { text: 'text' },
  Creator: { text: 'text' },
  CreatorVersion: { text: 'text' },
  CustomDatas: { children: ['CustomData+'] },
  CustomData: { required: { Name: 'text' }, text: 'text' },
  DocRoot: { text: 'loc' },
  Document: { children: ['CommonData', 'Pages', 'Outlines?', 'Permissions?', 'Actions?', 'VPreferences?', 'Bookmarks?', 'Annotations?', 'Attachments?', 'CustomTags?', 'Extensions?'] },
  CommonData: { children: ['MaxUnitID', 'PageArea', 'PublicRes*', 'DocumentRes*', 'TemplatePage*', 'DefaultCS?'] },
  MaxUnitID: { text: 'int' },
  PageArea: { children: ['PhysicalBox', 'ApplicationBox?', 'ContentBox?', 'BleedBox?'] },
  Area: { children: ['PhysicalBox', 'ApplicationBox?', 'ContentBox?', 'BleedBox?'] },
  PhysicalBox: { text: 'box' },
  PublicRes: { text: 'loc' },
  DocumentRes: { text: 'loc' },
  Pages: { children: ['Page+'] },
  Outlines: { children: ['OutlineElem+'] },
  OutlineElem: { children: ['Actions?', 'OutlineElem*'], required: { Title: 'text' }, optional: { Count: 'int', Expanded: 'bool' } },
  Actions: { children: ['Action+'] },
  Action: { children: ['Region?', 'Goto'], required: { Event: 'text' } },
  Goto: { children: ['Dest'] },
  Dest: { required: { Type: 'text', PageID: 'refId' }, optional: { Left: 'numbers', Top: 'numbers', Right: 'numbers', Bottom: 'numbers', Zoom: 'numbers' } },
  Res: { children: ['ColorSpaces*', 'DrawParams*', 'Fonts*', 'MultiMedias*', 'CompositeGraphicUnits*'], optional: { BaseLoc: 'loc' } },
  Fonts: { children: ['Font+'] },
  Font: { children: ['FontFile?'], required: { ID: 'int', FontName: 'text' }, optional: { FamilyName: 'text', Charset: 'text', Italic: 'bool', Bold: 'bool', Serif: 'bool', FixedWidth: 'bool' } },
  FontFile: { text: 'loc' },
  MultiMedias: { children: ['MultiMedia+'] },
  MultiMedia: { children: ['MediaFile'], required: { ID: 'int', Type: 'text' }, optional: { Format: 'text' } },
  MediaFile: { text: 'loc' },
  // Page content (Content.xml); the document's page list uses the same name with ID + BaseLoc.
  'Page@content': { children: ['Template*', 'PageRes*', 'Area?', 'Content?', 'Actions?'] },
  'Page@list': { required: { ID: 'int', BaseLoc: 'loc' } },
  Content: { children: ['Layer+'] },
  Layer: { children: ['TextObject|PathObject|ImageObject|CompositeObject|PageBlock*'], required: { ID: 'int' }, optional: { Type: 'text', DrawParam: 'refId' } },
  TextObject: {
    children: ['Actions?', 'Clips?', 'FillColor?', 'StrokeColor?', 'CGTransform|TextCode+'],
    required: { ...G_UNIT_REQ, Font: 'refId', Size: 'numbers' },
    optional: { ...G_UNIT_OPT, Stroke: 'bool', Fill: 'bool', HScale: 'numbers', ReadDirection: 'int', CharDirection: 'int', Weight: 'int', Italic: 'bool' },
  },
  TextCode: { optional: { X: 'numbers', Y: 'numbers', DeltaX: 'numbers', DeltaY: 'numbers' }, text: 'text' },
  PathObject: { children: ['Actions?', 'Clips?', 'StrokeColor?', 'FillColor?', 'AbbreviatedData'], required: G_UNIT_REQ, optional: { ...G_UNIT_OPT, Stroke: 'bool', Fill: 'bool', Rule: 'text' } },
  AbbreviatedData: { text: 'path' },
  ImageObject: { children: ['Actions?', 'Clips?', 'Border?'], required: { ...G_UNIT_REQ, ResourceID: 'refId' }, optional: { ...G_UNIT_OPT, Substitution: 'refId', ImageMask: 'refId' } },
  FillColor: { optional: { Value: 'colour', Index: 'int', ColorSpace: 'refId', Alpha: 'int' } },
  StrokeColor: { optional: { Value: 'colour', Index: 'int', ColorSpace: 'refId', Alpha: 'int' } },
};

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
function valueOk(type: ValueType, value: string): boolean {
  const parts = value.trim().split(/\s+/);
  switch (type) {
    case 'box':
      return parts.length === 4 && parts.every((p) => NUMBER.test(p)) && Number(parts[2]) >= 0 && Number(parts[3]) >= 0;
    case 'int':
    case 'refId':
      return /^\d+$/.test(value.trim()) && Number(value) > 0;
    case 'numbers':
      return value.trim() !== '' && parts.every((p) => NUMBER.test(p) || p === 'g');
    case 'bool':
      return value === 'true' || value === 'false';
    case 'colour':
      return parts.length === 3 && parts.every((p) => /^\d+$/.test(p) && Number(p) <= 255);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
    case 'loc':
      return value.trim() !== '' && !value.includes('\\');
    case 'path':
      return /^[MLQBACS]\b/.test(value.trim()) && value.trim().split(/\s+/).every((p) => /^[MLQBACS]$/.test(p) || NUMBER.test(p));
    case 'text':
      return true;
  }
}

/**
 * Checks one XML document of the package against the element rules: namespace, known elements,
 * required children in schema order, required attributes and value syntax. `role` tells apart the
 * two uses of `Page` (`content` for Content.xml, `list` inside Pages). Collects IDs and references.
 */
export function checkOfdXml(root: XmlElementLike, file: string, seen: { ids: Map<number, string>; refs: { id: number; where: string }[] } = { ids: new Map(), refs: [] }): OfdProblem[] {
  const problems: OfdProblem[] = [];
  const walk = (el: XmlElementLike, path: string, parent: string | null) => {
    if (el.namespaceURI !== 'http://www.ofdspec.org/2016') problems.push({ file, path, code: 'namespace', detail: String(el.namespaceURI) });
    const name = el.localName === 'Page' ? (parent === 'Pages' ? 'Page@list' : 'Page@content') : el.localName;
    const rule = OFD_RULES[name];
    if (!rule) {
      problems.push({ file, path, code: 'unknown-element', detail: el.localName });
      return;
    }
    for (const [attr, type] of Object.entries(rule.required ?? {})) {
      const value = el.getAttribute(attr);
      if (value == null) problems.push({ file, path, code: 'missing-attribute', detail: attr });
      else if (!valueOk(type, value)) problems.push({ file, path, code: 'bad-value', detail: `${attr}="${value}"` });
    }
    for (const [attr, type] of Object.entries(rule.optional ?? {})) {
      const value = el.getAttribute(attr);
      if (value != null && !valueOk(type, value)) problems.push({ file, path, code: 'bad-value', detail: `${attr}="${value}"` });
    }
    const types = { ...rule.required, ...rule.optional };
    for (const [attr, type] of Object.entries(types)) {
      const value = el.getAttribute(attr);
      if (value == null) continue;
      if (attr === 'ID') {
        const id = Number(value);
        if (seen.ids.has(id)) problems.push({ file, path, code: 'duplicate-id', detail: `${id} (also ${seen.ids.get(id)})` });
        else seen.ids.set(id, `${file}:${path}`);
      } else if (type === 'refId') {
        seen.refs.push({ id: Number(value), where: `${file}:${path}@${attr}` });
      }
    }
    if (rule.text && rule.text !== 'text') {
      const text = (el.textContent ?? '').trim();
      if (!valueOk(rule.text, text)) problems.push({ file, path, code: 'bad-value', detail: `text "${text.slice(0, 40)}"` });
    }
    const children = Array.from(el.children);
    problems.push(...checkOrder(rule.children ?? [], children, file, path));
    children.forEach((child, i) => walk(child, `${path}/${child.localName}[${i}]`, el.localName));
  };
  walk(root, root.localName, null);
  return problems;
}

/** Matches children against the schema sequence (each step: names joined by |, with ?, *, + or once). */
function checkOrder(sequence: readonly string[], children: readonly XmlElementLike[], file: string, path: string): OfdProblem[] {
  let i = 0;
  for (const step of sequence) {
    const m = /^(.*?)([?*+]?)$/.exec(step)!;
    const names = m[1]!.split('|');
    const mark = m[2];
    let count = 0;
    while (i < children.length && names.includes(children[i]!.localName) && (count === 0 || mark === '*' || mark === '+')) {
      i++;
      count++;
    }
    if (count === 0 && (mark === '' || mark === '+')) return [{ file, path, code: 'missing-element', detail: m[1]! }];
  }
  if (i < children.length) {
    const known = sequence.some((s) => s.replace(/[?*+]$/, '').split('|').includes(children[i]!.localName));
    return [{ file, path, code: known ? 'order' : 'unknown-element', detail: children[i]!.localName }];
  }
  return [];
}

/**
 * Checks a whole package: OFD.xml → DocRoot → Document.xml → resources and pages, every document
 * against the rules, then IDs unique, MaxUnitID ≥ every ID, every reference resolving, and every
 * file named (pages, resources, font and media files) present. `parse` returns the root element of
 * an XML entry; `exists` says whether an entry is in the zip.
 */
export function checkOfdPackage(parse: (path: string) => XmlElementLike | undefined, exists: (path: string) => boolean): OfdProblem[] {
  const problems: OfdProblem[] = [];
  const seen = { ids: new Map<number, string>(), refs: [] as { id: number; where: string }[] };
  const dir = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
  const join = (base: string, loc: string) => (loc.startsWith('/') ? loc.slice(1) : base + loc);
  const find = (el: XmlElementLike, name: string): XmlElementLike[] => {
    const out: XmlElementLike[] = [];
    const visit = (e: XmlElementLike) => {
      if (e.localName === name) out.push(e);
      Array.from(e.children).forEach(visit);
    };
    visit(el);
    return out;
  };
  const load = (path: string): XmlElementLike | undefined => {
    const root = exists(path) ? parse(path) : undefined;
    if (!root) problems.push({ file: path, path: '', code: 'missing-file', detail: path });
    else problems.push(...checkOfdXml(root, path, seen));
    return root;
  };
  const ofd = load('OFD.xml');
  if (!ofd) return problems;
  for (const docRoot of find(ofd, 'DocRoot')) {
    const docPath = join('', (docRoot.textContent ?? '').trim());
    const doc = load(docPath);
    if (!doc) continue;
    let maxUnit = 0;
    for (const el of find(doc, 'MaxUnitID')) maxUnit = Number((el.textContent ?? '').trim());
    for (const resName of ['PublicRes', 'DocumentRes']) {
      for (const resEl of find(doc, resName)) {
        const resPath = join(dir(docPath), (resEl.textContent ?? '').trim());
        const res = load(resPath);
        if (!res) continue;
        const base = join(dir(resPath), res.getAttribute('BaseLoc') ? `${res.getAttribute('BaseLoc')}/` : '');
        for (const fileEl of [...find(res, 'FontFile'), ...find(res, 'MediaFile')]) {
          const filePath = join(base, (fileEl.textContent ?? '').trim());
          if (!exists(filePath)) problems.push({ file: resPath, path: fileEl.localName, code: 'missing-file', detail: filePath });
        }
      }
    }
    for (const page of find(doc, 'Page')) load(join(dir(docPath), page.getAttribute('BaseLoc') ?? ''));
    for (const [id, where] of seen.ids) if (id > maxUnit) problems.push({ file: docPath, path: where, code: 'max-unit-id', detail: `${id} > ${maxUnit}` });
  }
  for (const ref of seen.refs) if (!seen.ids.has(ref.id)) problems.push({ file: ref.where.split(':')[0]!, path: ref.where, code: 'dangling-ref', detail: String(ref.id) });
  return problems;
}
