import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../src/http/download.js';

describe('download file names', () => {
  it('keeps a plain ASCII name and adds its RFC 5987 form', () => {
    expect(contentDisposition('observations-2026-11-26.xlsx')).toBe(
      `attachment; filename="observations-2026-11-26.xlsx"; filename*=UTF-8''observations-2026-11-26.xlsx`,
    );
  });

  it('encodes Chinese names in filename* with an ASCII fallback', () => {
    const header = contentDisposition('考核-2025.xlsx');
    expect(header).toBe(`attachment; filename="__-2025.xlsx"; filename*=UTF-8''%E8%80%83%E6%A0%B8-2025.xlsx`);
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe('考核-2025.xlsx');
  });

  it('never lets a name end the parameter or inject another one', () => {
    for (const evil of ["a\"; filename*=UTF-8''evil.exe", 'x\r\nSet-Cookie: a=b', 'a;b=c.csv', "it's (1).csv", '../../etc/passwd']) {
      const header = contentDisposition(evil);
      const [, plain, star] = header.match(/^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/)!;
      expect(plain).not.toMatch(/["\\;\r\n]/);
      expect(decodeURIComponent(star)).not.toMatch(/[\r\n/\\]/);
    }
  });
});
