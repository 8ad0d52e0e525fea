/**
 * The shell's own preferences, kept in this browser (localStorage): a folded side menu and the
 * table density (Element Plus component size). Read once at start; a broken or foreign value
 * falls back to the default.
 */
import { ref, watch } from 'vue';

export const DENSITIES = ['large', 'default', 'small'] as const;
export type Density = (typeof DENSITIES)[number];

const KEY = 'gongfu.shell';

interface Prefs {
  collapsed: boolean;
  density: Density;
}

export function parsePrefs(raw: string | null): Prefs {
  const fallback: Prefs = { collapsed: false, density: 'default' };
  if (!raw) return fallback;
  try {
    const p = JSON.parse(raw) as Partial<Prefs>;
    return {
      collapsed: p.collapsed === true,
      density: DENSITIES.includes(p.density as Density) ? (p.density as Density) : fallback.density,
    };
  } catch {
    return fallback;
  }
}

const storage = typeof localStorage === 'undefined' ? null : localStorage;
const initial = parsePrefs(storage?.getItem(KEY) ?? null);

export const menuCollapsed = ref(initial.collapsed);
export const density = ref<Density>(initial.density);

watch([menuCollapsed, density], () => storage?.setItem(KEY, JSON.stringify({ collapsed: menuCollapsed.value, density: density.value })));
