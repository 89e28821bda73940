import iconv from 'iconv-lite';

/**
 * Receipt text layout in printer cells. In Kanji mode (FS &) a printer prints every character GB18030 encodes in one
 * byte as one cell of the 12×24 font and every character it encodes in two or four bytes as two cells, whatever
 * Unicode's East Asian Width says: “ ” — · … are one column in a terminal but two on the receipt.
 */

/** Cells one character takes on paper in Kanji mode. */
function charCells(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return 1;
  return iconv.encode(ch, 'gb18030').length > 1 ? 2 : 1;
}

/** Printer cells of a string (before any GS ! magnification). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charCells(ch);
  return w;
}

/** Characters that must not begin a line (行首禁则). */
const NO_LINE_START = new Set('）)】」』》〉，,。.、：:；;！!？?”’'.split(''));

/**
 * Breaks `text` into lines of at most `columns` cells; continuation lines get `indent`. A closing bracket or
 * punctuation mark never starts a line: the character before it moves down with it. Newlines in `text` break lines.
 */
export function wrapColumns(text: string, columns: number, indent = ''): string[] {
  const out: string[] = [];
  const indentChars = displayWidth(indent) < columns ? Array.from(indent) : [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    let width = 0;
    for (const ch of paragraph) {
      const w = charCells(ch);
      if (width + w > columns && line.length > indentChars.length) {
        let carry: string[] = [];
        if (NO_LINE_START.has(ch) && line.length > indentChars.length + 1) carry = line.splice(line.length - 1, 1);
        out.push(line.join('').trimEnd());
        line = [...indentChars, ...carry];
        width = displayWidth(line.join(''));
        if (ch === ' ' && carry.length === 0) continue;
      }
      line.push(ch);
      width += w;
    }
    if (line.join('').trim()) out.push(line.join('').trimEnd());
  }
  return out;
}

/**
 * `left` and `right` as rows of `columns` cells: on one row padded with spaces when both fit, otherwise the left
 * part wraps in a left column (at most half the row) and the right part wraps right-aligned in the rest, row by row.
 */
export function twoColumnLines(left: string, right: string, columns: number): string[] {
  const lw = displayWidth(left);
  const rw = displayWidth(right);
  if (lw + 1 + rw <= columns) return [left + ' '.repeat(columns - lw - rw) + right];
  const leftCol = Math.min(lw, Math.floor((columns - 1) / 2));
  const rightCol = columns - leftCol - 1;
  const ls = wrapColumns(left, leftCol);
  const rs = wrapColumns(right, rightCol);
  const rows: string[] = [];
  for (let i = 0; i < Math.max(ls.length, rs.length); i++) {
    const l = ls[i] ?? '';
    const r = rs[i] ?? '';
    const row = l + ' '.repeat(columns - displayWidth(l) - displayWidth(r)) + r;
    rows.push(r ? row : row.trimEnd());
  }
  return rows;
}

/** twoColumnLines joined with newlines. */
export function twoColumns(left: string, right: string, columns: number): string {
  return twoColumnLines(left, right, columns).join('\n');
}
