import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { useColumnSettings } from '../src/composables/useColumnSettings';

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  });
});
afterEach(() => vi.unstubAllGlobals());

const COLUMNS = [
  { key: 'economy', label: '经济' },
  { key: 'ecology', label: '生态' },
];

describe('column settings', () => {
  it('shows every column until one is hidden, and remembers the choice per table', () => {
    const a = useColumnSettings('ranking.a', COLUMNS);
    expect(a.visible('economy')).toBe(true);
    a.setVisible('economy', false);
    expect(a.visible('economy')).toBe(false);
    expect(a.hiddenCount.value).toBe(1);
    expect(useColumnSettings('ranking.a', COLUMNS).visible('economy')).toBe(false);
    expect(useColumnSettings('ranking.b', COLUMNS).visible('economy')).toBe(true);
    a.reset();
    expect(a.visible('economy')).toBe(true);
    expect(store.size).toBe(0);
  });

  it('follows a changing key and survives broken storage', async () => {
    store.set('gongfu.columns.x', '["ecology"]');
    store.set('gongfu.columns.y', '{not json');
    const key = ref('y');
    const s = useColumnSettings(key, COLUMNS);
    expect(s.hiddenCount.value).toBe(0);
    key.value = 'x';
    await Promise.resolve();
    expect(s.visible('ecology')).toBe(false);
  });
});
