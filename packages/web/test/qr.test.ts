import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { qrPath } from '../src/utils/qr';

const URI = 'otpauth://totp/%E5%85%B1%E5%AF%8C%20Gongfu%3Aadmin?secret=U7PZLGH62YXKLJ7DTW5PHYAVWIUP6X2O&issuer=Gongfu';

describe('QR code for the authenticator set-up', () => {
  it('draws one unit square per dark module, with the border, and the finder pattern in the corner', () => {
    const { size, d } = qrPath(URI);
    const modules = encode(URI, { ecc: 'M', border: 2 });
    expect(size).toBe(modules.size);
    expect((size - 4 - 17) % 4).toBe(0); // version v has 4v + 17 modules a side
    const squares = [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`);
    expect(squares.length).toBe(modules.data.flat().filter(Boolean).length);
    const dark = new Set(squares);
    // the top-left finder: a dark 7×7 ring around a light ring around a dark 3×3, starting after the 2-module border
    for (let i = 0; i < 7; i++) {
      expect(dark.has(`${2 + i},2`) && dark.has(`2,${2 + i}`) && dark.has(`${2 + i},8`) && dark.has(`8,${2 + i}`)).toBe(true);
    }
    expect(dark.has('3,3')).toBe(false);
    expect(dark.has('5,5')).toBe(true);
    expect(dark.has('0,0')).toBe(false);
  });
});
