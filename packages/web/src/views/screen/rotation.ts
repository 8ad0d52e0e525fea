/**
 * The 大屏's timing: how often it reloads its data and which card it features. A wall screen runs
 * unattended, so the refresh comes from the URL (`?refresh=` seconds, 30 s to 1 h, default 5 min)
 * and the featured card moves on by itself every `FEATURE_SECONDS`.
 */
export const DEFAULT_REFRESH_SECONDS = 300;
export const FEATURE_SECONDS = 15;

export function refreshSeconds(raw: unknown): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_REFRESH_SECONDS;
  return Math.min(3600, Math.max(30, Math.round(n)));
}

/** The next featured card among `codes` after `current` (the first when current is gone). */
export function nextFeatured(codes: readonly string[], current: string | null): string | null {
  if (codes.length === 0) return null;
  const i = current === null ? -1 : codes.indexOf(current);
  return codes[(i + 1) % codes.length]!;
}
