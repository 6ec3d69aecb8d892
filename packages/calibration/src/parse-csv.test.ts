import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';

describe('parseCsv', () => {
  it('keys rows by the header and unquotes fields holding commas, quotes and newlines', () => {
    const rows = parseCsv('a,b,c\n1,"x, y","say ""hi""\nthere"\r\n2,,3\n');
    expect(rows).toEqual([
      { a: '1', b: 'x, y', c: 'say "hi"\nthere' },
      { a: '2', b: '', c: '3' },
    ]);
  });

  it('names the row whose field count is off', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(/row 3 has 1 fields, the header has 2/);
  });
});
