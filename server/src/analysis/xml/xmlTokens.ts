// Analysis room: a position-keeping pass over XML text. fast-xml-parser decides whether a file is
// well formed and what it contains; this pass only remembers WHERE start tags, attributes and comments
// are, which fast-xml-parser does not report. It is tolerant: on broken input it returns what it saw.

export interface XmlAttributeToken {
  name: string;
  value: string;
  nameStart: number;
  /** Offsets of the value without its quotes. */
  valueStart: number;
  valueEnd: number;
  /** From the first character of the name to the closing quote. */
  end: number;
}

export interface XmlStartTagToken {
  name: string;
  /** Nesting depth: 0 for the root element. */
  depth: number;
  parent: string | undefined;
  start: number;
  end: number;
  /** End of the whole element (after its closing tag); the start tag's end when self-closing or unclosed. */
  elementEnd: number;
  selfClosing: boolean;
  attributes: XmlAttributeToken[];
}

export interface XmlCommentToken {
  /** Text between `<!--` and `-->`. */
  body: string;
  start: number;
  end: number;
}

export interface XmlTokens {
  startTags: XmlStartTagToken[];
  comments: XmlCommentToken[];
}

const NAME_CHAR = /[A-Za-z0-9_:.\-]/;

export function scanXml(text: string): XmlTokens {
  const startTags: XmlStartTagToken[] = [];
  const comments: XmlCommentToken[] = [];
  const open: XmlStartTagToken[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      const end = close < 0 ? text.length : close + 3;
      comments.push({ body: text.slice(lt + 4, close < 0 ? text.length : close), start: lt, end });
      i = end;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt);
      i = close < 0 ? text.length : close + 3;
    } else if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt);
      i = close < 0 ? text.length : close + 2;
    } else if (text.startsWith('<!', lt)) {
      const close = text.indexOf('>', lt);
      i = close < 0 ? text.length : close + 1;
    } else if (text.startsWith('</', lt)) {
      const close = text.indexOf('>', lt);
      const name = text.slice(lt + 2, close < 0 ? text.length : close).trim();
      i = close < 0 ? text.length : close + 1;
      const at = open.map((tag) => tag.name).lastIndexOf(name);
      if (at >= 0) {
        for (const closed of open.slice(at)) closed.elementEnd = i;
        open.length = at;
      }
    } else {
      const tag = readStartTag(text, lt, open);
      if (!tag) {
        i = lt + 1;
        continue;
      }
      startTags.push(tag);
      if (!tag.selfClosing) open.push(tag);
      i = tag.end;
    }
  }
  return { startTags, comments };
}

function readStartTag(text: string, lt: number, open: XmlStartTagToken[]): XmlStartTagToken | undefined {
  let i = lt + 1;
  while (i < text.length && NAME_CHAR.test(text[i])) i++;
  const name = text.slice(lt + 1, i);
  if (!name) return undefined;
  const attributes: XmlAttributeToken[] = [];
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    const ch = text[i];
    if (ch === '>' || ch === undefined) {
      return finish(i + 1, false);
    }
    if (ch === '/' && text[i + 1] === '>') {
      return finish(i + 2, true);
    }
    if (ch === '<') return finish(i, false);
    const nameStart = i;
    while (i < text.length && NAME_CHAR.test(text[i])) i++;
    if (i === nameStart) {
      i++;
      continue;
    }
    const attrName = text.slice(nameStart, i);
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] !== '=') continue;
    i++;
    while (i < text.length && /\s/.test(text[i])) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") continue;
    const valueStart = i + 1;
    const close = text.indexOf(quote, valueStart);
    const valueEnd = close < 0 ? text.length : close;
    attributes.push({
      name: attrName,
      value: text.slice(valueStart, valueEnd),
      nameStart,
      valueStart,
      valueEnd,
      end: Math.min(valueEnd + 1, text.length),
    });
    i = valueEnd + 1;
  }
  return finish(text.length, false);

  function finish(end: number, selfClosing: boolean): XmlStartTagToken {
    return { name, depth: open.length, parent: open[open.length - 1]?.name, start: lt, end, elementEnd: end, selfClosing, attributes };
  }
}
