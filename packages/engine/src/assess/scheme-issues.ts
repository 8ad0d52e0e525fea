/**
 * Readable scheme errors from zod issues, one per problem, each with its JSON path:
 *   unknown key   → `treat.winMax: unknown key "winMax" — did you mean "winmax"?` (nearest valid key by
 *                   Levenshtein distance; for a key that belongs one level down, e.g. `aggregation.method`,
 *                   the path where it is valid: `aggregation.default.method`);
 *   wrong choice  → the allowed values (`method` must be one of "minmax" | "zscore" | …);
 *   union misses  → the branch the value was meant for (an object given for `name` reports the object's
 *                   problems), else what the alternatives expect.
 * `collectShapes` is passed to zod's parse as its error map: it records, by path, the keys an object
 * accepts when it meets unknown ones (zod hands the schema to the map, not to the final issue).
 */
import type { z } from 'zod';
import { levenshtein, nearest } from './levenshtein.js';

export interface SchemeIssue {
  /** JSON path, dot-separated (`indicators.2.treat.winMax`); '' = the scheme itself */
  path: string;
  code: string;
  message: string;
  /** unknown keys: the key and the nearest valid one */
  key?: string;
  suggestion?: string;
  /** choices: the allowed values */
  allowed?: unknown[];
}

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; options?: unknown[]; in?: unknown };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The object shapes a schema may stand for (through optional/default/nullable and unions). */
function objectShapes(schema: unknown, depth = 0): Record<string, unknown>[] {
  const def = defOf(schema);
  if (!def || depth > 6) return [];
  if (def.type === 'object' && def.shape) return [def.shape];
  if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type))
    return objectShapes(def.innerType, depth + 1);
  if (def.type === 'pipe') return objectShapes(def.in, depth + 1);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => objectShapes(o, depth + 1));
  return [];
}

export interface ShapeCollector {
  error: (iss: { code?: string; path?: PropertyKey[]; inst?: unknown }) => undefined;
  shapes: Map<string, Record<string, unknown>>;
}

export function collectShapes(): ShapeCollector {
  const shapes = new Map<string, Record<string, unknown>>();
  return {
    shapes,
    error(iss) {
      if (iss.code === 'unrecognized_keys') {
        const shape = objectShapes(iss.inst)[0];
        if (shape) shapes.set((iss.path ?? []).map(String).join('.'), shape);
      }
      return undefined;
    },
  };
}

const join = (p: readonly PropertyKey[]) => p.map(String).join('.');
const quote = (v: unknown) => JSON.stringify(v);

function unknownKey(path: string, key: string, shape: Record<string, unknown> | undefined): SchemeIssue {
  const full = path ? `${path}.${key}` : key;
  const valid = shape ? Object.keys(shape) : [];
  // A key valid one level down (e.g. `method` written in `aggregation` instead of `aggregation.default`).
  const below = valid.find((k) => objectShapes(shape![k]).some((s) => key in s));
  const close = nearest(key, valid);
  const suggestion = below && close !== undefined && levenshtein(key, close) > 1 ? (path ? `${path}.` : '') + `${below}.${key}` : close;
  const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
  return {
    path: full,
    code: 'unknown_key',
    key,
    suggestion,
    message: `unknown key "${key}"${hint}${valid.length ? ` (valid here: ${valid.join(', ')})` : ''}`,
  };
}

function flatten(issue: z.core.$ZodIssue, prefix: PropertyKey[], shapes: Map<string, Record<string, unknown>>): SchemeIssue[] {
  const path = [...prefix, ...issue.path];
  const where = join(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => unknownKey(where, k, shapes.get(where) ?? shapes.get(join(issue.path))));
    case 'invalid_value':
      return [
        {
          path: where,
          code: 'invalid_value',
          allowed: issue.values,
          message: `must be ${issue.values.length === 1 ? quote(issue.values[0]) : `one of ${issue.values.map(quote).join(' | ')}`}`,
        },
      ];
    case 'invalid_union': {
      const u = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[]; note?: string };
      if (u.note === 'No matching discriminator' || u.discriminator) {
        const options = (u.options ?? []) as unknown[];
        const at =
          where.endsWith(`.${u.discriminator}`) || where === u.discriminator
            ? where
            : where
              ? `${where}.${u.discriminator}`
              : String(u.discriminator);
        return [
          {
            path: at,
            code: 'invalid_value',
            allowed: options,
            message: `"${u.discriminator}" must be one of ${options.map(quote).join(' | ')}`,
          },
        ];
      }
      const branches = u.errors ?? [];
      // A branch whose problems lie inside the value (not "expected a string") is the one meant.
      const meant = branches.filter((b) => b.some((i) => i.path.length > 0 || !['invalid_type', 'invalid_value'].includes(i.code)));
      if (meant.length === 1) return meant[0].flatMap((i) => flatten(i, path, shapes));
      const values = branches.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_value' && i.path.length === 0 ? i.values : [])));
      if (values.length && branches.every((b) => b.every((i) => i.code === 'invalid_value')))
        return [{ path: where, code: 'invalid_value', allowed: values, message: `must be one of ${values.map(quote).join(' | ')}` }];
      const expected = branches.flatMap((b) =>
        b.flatMap((i) => (i.code === 'invalid_type' ? [i.expected] : i.code === 'invalid_value' ? i.values.map(quote) : [])),
      );
      return [
        {
          path: where,
          code: 'invalid_union',
          message: expected.length ? `must be ${[...new Set(expected)].join(' or ')}` : issue.message,
        },
      ];
    }
    case 'invalid_type':
      return [
        {
          path: where,
          code: 'invalid_type',
          message: issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}`,
        },
      ];
    default:
      return [{ path: where, code: issue.code, message: issue.message }];
  }
}

export function schemeIssues(error: z.ZodError, shapes: Map<string, Record<string, unknown>>): SchemeIssue[] {
  return error.issues.flatMap((i) => flatten(i, [], shapes));
}
