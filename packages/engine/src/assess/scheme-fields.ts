/**
 * Every field of the scheme's JSON Schema, flattened to one row per path, for the field reference
 * (docs/assess-scheme.md) and for the test that every field is documented.
 *
 * Paths read as a scheme is written: `indicators[].normalise.lower` is a field of each indicator's
 * normalisation, `denominators.<name>.scale` a field of each named denominator. A variant of a
 * discriminated union (`normalise` with `method: "minmax"`) is written `normalise[minmax].lower`.
 * Specs that repeat a scheme-wide one (an indicator's own `impute`, a node's own `weighting`) are
 * listed once, as a row that points to the scheme-wide path (`SAME_AS`).
 */

type JsonSchema = Record<string, unknown>;

export interface SchemeField {
  path: string;
  /** short type, e.g. `number`, `"sample" | "population"`, `text`, `array` */
  type: string;
  required: boolean;
  /** the default, as JSON, or null when there is none */
  default: string | null;
  /** the scheme-wide path whose fields this spec repeats */
  sameAs?: string;
}

/** Per-indicator and per-node specs that take the same fields as a scheme-wide one. */
export const SAME_AS: Record<string, string> = {
  'indicators[].impute': 'impute',
  'indicators[].treat': 'treat',
  'indicators[].normalise': 'normalise',
  'nodes[].weighting': 'weighting',
  'nodes[].aggregation': 'aggregation.default',
  'aggregation.byLevel.<level>': 'aggregation.default',
};

/** Names of the keys of a record, by path (what `<…>` stands for). */
const RECORD_KEYS: Record<string, string> = {
  denominators: 'name',
  'aggregation.byLevel': 'level',
  'grading[bands].bandsByGroup': 'group',
};

const isText = (s: JsonSchema) => {
  const any = s.anyOf as JsonSchema[] | undefined;
  return !!any && any.length === 2 && any[0]!.type === 'string' && (any[1]!.properties as JsonSchema | undefined)?.zh !== undefined;
};

function typeOf(s: JsonSchema): string {
  if (isText(s)) return 'text';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (variants) {
    const tag = discriminator(variants);
    if (tag) return `object by \`${tag}\``;
    return [...new Set(variants.map(typeOf))].join(' | ');
  }
  if (Array.isArray(s.type)) return (s.type as string[]).join(' | ');
  if (s.type === 'array') {
    const items = s.items as JsonSchema | undefined;
    const inner = items && (items.type !== 'object' || isText(items)) ? typeOf(items) : null;
    return inner === null ? 'array' : inner.includes(' | ') ? `(${inner})[]` : `${inner}[]`;
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) return 'record';
  return String(s.type ?? 'any');
}

/** The key whose constant tells the variants of a union apart (`method`, `type`), if there is one. */
function discriminator(variants: JsonSchema[]): string | null {
  for (const key of ['method', 'type']) {
    if (variants.every((v) => (v.properties as Record<string, JsonSchema> | undefined)?.[key]?.const !== undefined)) return key;
    const tags = variants.map((v) => (v.properties as Record<string, JsonSchema> | undefined)?.[key]);
    if (tags.every((t) => t && (t.const !== undefined || Array.isArray(t.enum)))) return key;
  }
  return null;
}

const tagsOf = (v: JsonSchema, key: string): unknown[] => {
  const t = (v.properties as Record<string, JsonSchema>)[key]!;
  return t.const !== undefined ? [t.const] : (t.enum as unknown[]);
};

/**
 * The fields of `schema`, in order. `onField` sees the JSON Schema node of each field that has one
 * (not the discriminator rows), so a caller can annotate the schema in place.
 */
export function schemeFields(schema: JsonSchema, onField?: (path: string, node: JsonSchema) => void): SchemeField[] {
  const out: SchemeField[] = [];
  const visit = (s: JsonSchema, path: string) => {
    if (isText(s)) return;
    const variants = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
    if (variants) {
      const tag = discriminator(variants);
      if (!tag) return variants.forEach((v) => visit(v, path));
      out.push({
        path: `${path}.${tag}`,
        type: variants.flatMap((v) => tagsOf(v, tag).map((t) => JSON.stringify(t))).join(' | '),
        required: true,
        default: null,
      });
      for (const v of variants) {
        const props = Object.keys(v.properties as JsonSchema).filter((k) => k !== tag);
        if (props.length)
          visit(
            { ...v, properties: Object.fromEntries(props.map((k) => [k, (v.properties as JsonSchema)[k]])) },
            `${path}[${tagsOf(v, tag).join('|')}]`,
          );
      }
      return;
    }
    if (s.type === 'array' && s.items) return visit(s.items as JsonSchema, `${path}[]`);
    if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) {
      const entry = `${path}.<${RECORD_KEYS[path] ?? 'key'}>`;
      if (SAME_AS[entry]) return void out.push({ path: entry, type: 'object', required: false, default: null, sameAs: SAME_AS[entry] });
      return visit(s.additionalProperties as JsonSchema, entry);
    }
    const props = s.properties as Record<string, JsonSchema> | undefined;
    if (!props) return;
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(props)) {
      const p = path ? `${path}.${key}` : key;
      const sameAs = SAME_AS[p];
      onField?.(p, child);
      out.push({
        path: p,
        type: typeOf(child),
        required: required.has(key),
        default: child.default === undefined ? null : JSON.stringify(child.default),
        ...(sameAs ? { sameAs } : {}),
      });
      if (!sameAs) visit(child, p);
    }
  };
  visit(schema, '');
  return out;
}
