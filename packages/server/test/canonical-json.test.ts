/**
 * Stored hashes depend on these exact bytes: the audit chain (members that are undefined left out)
 * and assessment run input digests (such members written as null). The expected strings and hashes
 * were produced by the two implementations that wrote the stored rows, before they became one module.
 */
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS } from '../src/audit/chain.js';
import { canonicalJson as assessCanonicalJson, sha256 as assessSha256 } from '../src/assess/index.js';
import { canonicalJsonOmittingUndefined, canonicalJsonUndefinedAsNull, sha256 } from '../src/util/canonical-json.js';

const sample = { b: [1, undefined, null, 'x'], a: { z: undefined, y: 0, '€': 'é', A: false }, n: -0.5, s: 'q"\n' };

describe('canonical JSON', () => {
  it('audit variant: undefined members left out, keys sorted, array holes as null', () => {
    const text = canonicalJsonOmittingUndefined(sample);
    expect(text).toBe('{"a":{"A":false,"y":0,"€":"é"},"b":[1,null,null,"x"],"n":-0.5,"s":"q\\"\\n"}');
    expect(sha256(text)).toBe('c008a1a25b3a90c397574e603b69b464ef29761c245f4cf0fcd5d00aa726b41f');
  });

  it('assessment variant: undefined members written as null', () => {
    const text = canonicalJsonUndefinedAsNull(sample);
    expect(text).toBe('{"a":{"A":false,"y":0,"z":null,"€":"é"},"b":[1,null,null,"x"],"n":-0.5,"s":"q\\"\\n"}');
    expect(sha256(text)).toBe('4fce414c8eff9963b2978d3e874859b3b69c17311071ee158c2316a0f5a9959a');
    expect(assessCanonicalJson(sample)).toBe(text);
    expect(assessSha256(text)).toBe(sha256(text));
  });

  it('undefined at the top level is null in both', () => {
    expect(canonicalJsonOmittingUndefined(undefined)).toBe('null');
    expect(canonicalJsonUndefinedAsNull(undefined)).toBe('null');
  });

  it('an audit entry hashes as it did when chains were first written', () => {
    const hash = chainHash(GENESIS, {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      actor: 'user:admin',
      action: 'user.create',
      target: 'user:x',
      ip: null,
      before: undefined,
      after: { roles: ['admin'], note: undefined },
    });
    expect(hash).toBe('5a3d5831678e29f7e3c180ae0d4a0299025b6369c2fddfc47c3b1efd0af6a873');
  });
});
