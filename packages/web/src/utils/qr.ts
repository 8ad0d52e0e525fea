/**
 * A QR code as one SVG path (a unit square per dark module), for the authenticator set-up: drawn
 * by the template from data, so no markup is injected and the CSP needs nothing extra.
 */
import { encode } from 'uqr';

export interface QrPath {
  /** modules per side, border included */
  size: number;
  /** the SVG path of the dark modules in module units */
  d: string;
}

export function qrPath(text: string): QrPath {
  const { size, data } = encode(text, { ecc: 'M', border: 2 });
  const parts: string[] = [];
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return { size, d: parts.join('') };
}
