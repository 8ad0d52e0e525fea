/**
 * The cockpit's data for a region: the indicator summary (cards the user may see, in card order)
 * and the latest values of its children (towns of a county, villages of a town). Shared by the
 * cockpit page and the 大屏.
 */
import { computed, ref, type Ref } from 'vue';
import { fetchObservations } from '../api/observations';
import { fetchRegions } from '../api/regions';
import { fetchIndicatorSummary } from '../api/reports';
import type { IndicatorSummary, Observation, Region } from '../api/types';
import { cockpitItems, latestPerSubject, orderCodes } from '../views/home/cards';
import { useAuth } from './useAuth';
import { useIndicators } from './useIndicators';

export function useCockpitData(region: Ref<string | null>) {
  const { me } = useAuth();
  const ind = useIndicators();
  const summary = ref<IndicatorSummary | null>(null);
  const children = ref<Region[]>([]);
  const childRows = ref<Observation[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);

  const items = computed(() => (summary.value ? cockpitItems(summary.value.items, me.value) : []));
  const childIndicators = computed(() => orderCodes([...new Set(childRows.value.map((o) => o.indicatorCode))]));
  /** the children's values of one indicator in its latest period, highest first */
  const childValuesOf = (code: string | null) => (code ? latestPerSubject(childRows.value.filter((o) => o.indicatorCode === code)) : []);

  async function load() {
    const code = region.value;
    if (!code) return;
    loading.value = true;
    error.value = null;
    try {
      const [s, kids] = await Promise.all([fetchIndicatorSummary(code), fetchRegions({ parent: code }), ind.load()]);
      summary.value = s;
      children.value = kids.items;
      childRows.value = kids.items.length
        ? (await fetchObservations({ subject: kids.items.map((k) => k.code).join(','), pageSize: 10_000 })).items
        : [];
    } catch (e) {
      error.value = e;
      summary.value = null;
    } finally {
      loading.value = false;
    }
  }

  return { ind, summary, items, children, childRows, childIndicators, childValuesOf, loading, error, load };
}
