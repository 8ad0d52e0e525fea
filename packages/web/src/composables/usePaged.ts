/**
 * A server-paged list: the current page's items, the total the server counted, page and page size
 * (which reload when changed), and `first()` to start again from page 1 after the filters change.
 * Errors are shown as toasts by useAction; the list then stays empty.
 */
import { ref, watch, type Ref } from 'vue';
import type { Page } from '../api/types';
import { useAction } from './useAction';

export const PAGE_SIZES = [20, 50, 100, 200];

export function usePaged<T>(fetchPage: (page: number, pageSize: number) => Promise<Page<T>>, initialSize = 50) {
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(initialSize);
  const { run, loading } = useAction(async () => {
    const r = await fetchPage(page.value, pageSize.value);
    items.value = r.items;
    total.value = r.total;
    return true;
  });
  async function load() {
    if (!(await run())) {
      items.value = [];
      total.value = 0;
    }
  }
  watch([page, pageSize], load);
  /** back to page 1 (the watch reloads), or reload page 1 if already there */
  function first() {
    if (page.value !== 1) page.value = 1;
    else void load();
  }
  return { items, total, page, pageSize, loading, load, first };
}

export type Paged<T> = ReturnType<typeof usePaged<T>>;
