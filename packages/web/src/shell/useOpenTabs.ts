/** The open-page tabs of this browser tab (tabs.ts), kept in sessionStorage across reloads. */
import { ref, watch } from 'vue';
import type { RouteLocationNormalizedLoaded, Router } from 'vue-router';
import { close, closeOthers, visit, type OpenTab } from './tabs';

const KEY = 'gongfu.tabs';
const HOME = '/';

function load(): OpenTab[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as OpenTab[];
    return Array.isArray(v) ? v.filter((t) => typeof t?.path === 'string' && typeof t?.titleKey === 'string') : [];
  } catch {
    return [];
  }
}

const tabs = ref<OpenTab[]>(typeof sessionStorage === 'undefined' ? [] : load());
watch(tabs, (v) => sessionStorage.setItem(KEY, JSON.stringify(v)), { deep: true });

/** Signing out closes every tab: the next user starts from their own landing page. */
export function forgetTabs() {
  tabs.value = [];
}

export function useOpenTabs(route: RouteLocationNormalizedLoaded, router: Router) {
  watch(
    () => route.fullPath,
    () => {
      const titleKey = route.meta.titleKey;
      if (titleKey && route.matched.length > 1) tabs.value = visit(tabs.value, { path: route.fullPath, base: route.path, titleKey }, HOME);
    },
    { immediate: true },
  );
  return {
    tabs,
    close(path: string) {
      const r = close(tabs.value, path, route.fullPath);
      tabs.value = r.tabs;
      if (r.go) void router.push(r.go);
    },
    closeOthers() {
      tabs.value = closeOthers(tabs.value, route.fullPath, HOME);
    },
  };
}
