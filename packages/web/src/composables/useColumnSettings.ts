/**
 * Column settings of a table: which optional columns are shown, remembered per table in
 * localStorage (`gongfu.columns.<key>`). Columns not listed as optional are always shown; a column
 * is visible unless the user hid it, so new columns appear by default.
 *
 *   const cols = useColumnSettings(() => `assess-ranking.${scheme}`, () => [{ key: 'a', label: 'A' }]);
 *   <el-table-column v-if="cols.visible('a')" … />   <ColumnSettings :settings="cols" />
 */
import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';

export interface ColumnOption {
  key: string;
  label: string;
}

const PREFIX = 'gongfu.columns.';

function read(key: string): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(PREFIX + key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function write(key: string, hidden: string[]): void {
  try {
    if (hidden.length) localStorage.setItem(PREFIX + key, JSON.stringify(hidden));
    else localStorage.removeItem(PREFIX + key);
  } catch {
    // storage full or disabled: the choice lasts for this page only
  }
}

export function useColumnSettings(storageKey: MaybeRefOrGetter<string>, columns: MaybeRefOrGetter<ColumnOption[]>) {
  const hidden = ref<string[]>(read(toValue(storageKey)));
  watch(
    () => toValue(storageKey),
    (key) => (hidden.value = read(key)),
  );
  const options = computed(() => toValue(columns));
  const visible = (key: string) => !hidden.value.includes(key);
  const setVisible = (key: string, show: boolean) => {
    hidden.value = show ? hidden.value.filter((k) => k !== key) : [...new Set([...hidden.value, key])];
    write(toValue(storageKey), hidden.value);
  };
  const reset = () => {
    hidden.value = [];
    write(toValue(storageKey), []);
  };
  const hiddenCount = computed(() => options.value.filter((c) => !visible(c.key)).length);
  return { options, hidden, hiddenCount, visible, setVisible, reset };
}

export type ColumnSettings = ReturnType<typeof useColumnSettings>;
