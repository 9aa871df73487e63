/** Turns a parsed HTML tree into text blocks: one per paragraph, heading, list item or table row, in document order. */

/** The few DOM members we walk (linkedom implements them). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode?: DomNode | null;
}

const BLOCKS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'TR',
  'TABLE',
  'UL',
  'OL',
  'DL',
  'DT',
  'DD',
  'HEADER',
  'FIGCAPTION',
  'CENTER',
  'BODY',
  'TBODY',
  'THEAD',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'HEAD']);
const HAN_BREAK = /(?<=[\p{Script=Han}，。、；：？！”）])\s+(?=[\p{Script=Han}“（])/gu;

/** Collapses the whitespace of inline text; a line break between Chinese characters joins them without a space. */
export function tidyBlock(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .replace(HAN_BREAK, '')
    .trim();
}

function rowText(row: DomNode): string {
  const cells = Array.from(row.childNodes).filter((cell) => cell.nodeName === 'TD' || cell.nodeName === 'TH');
  return cells
    .map((cell) => tidyBlock(cell.textContent ?? ''))
    .filter(Boolean)
    .join(' | ');
}

/** Position of a list item among its siblings, for `1.`-style numbering of ordered lists. */
function itemNumber(item: DomNode): number {
  let n = 0;
  for (const sibling of Array.from(item.parentNode?.childNodes ?? [])) {
    if (sibling.nodeName === 'LI') n++;
    if (sibling === item) break;
  }
  return n;
}

/** Walks `root` and returns its text blocks; ordered-list items get their number, table rows join cells with ` | `. */
export function blocksFromHtml(root: DomNode): string[] {
  const blocks: string[] = [];
  let inline = '';
  const flush = () => {
    const text = tidyBlock(inline);
    if (text) blocks.push(text);
    inline = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 || SKIPPED.has(node.nodeName)) return;
    if (node.nodeName === 'BR') return flush();
    if (node.nodeName === 'TR') {
      flush();
      const row = rowText(node);
      if (row) blocks.push(row);
      return;
    }
    const block = BLOCKS.has(node.nodeName);
    if (block) flush();
    if (node.nodeName === 'LI' && node.parentNode?.nodeName === 'OL') inline += `${itemNumber(node)}. `;
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks;
}
