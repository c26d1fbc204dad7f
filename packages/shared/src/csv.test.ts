import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('the one CSV writer', () => {
  it('quotes commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });

  it('leaves numbers and amounts as they are', () => {
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('-$5.00')).toBe('-$5.00');
    expect(csvCell('-3.5%')).toBe('-3.5%');
    expect(csvCell('+1.4 pts')).toBe('+1.4 pts');
    expect(csvCell('$1,200.00')).toBe('"$1,200.00"');
  });

  it('writes objects as JSON and missing values as empty', () => {
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
});
