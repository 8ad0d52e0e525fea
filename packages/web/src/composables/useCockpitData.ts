/**
 * The cockpit's data for a region, shared by the cockpit page and the 大屏: the indicator summary
 * (the cards the user may see, in card order), the region's parts — its children, or for a
 * province its counties (its cities hold no figures of their own) — and the parts' values, which
 * load after the cards so those render first.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { fetchObservations } from '../api/observations';
import { fetchRegion, fetchRegions } from '../api/regions';
import { fetchIndicatorSummary } from '../api/reports';
import type { IndicatorSummary, Observation, Region } from '../api/types';
import { cockpitItems, latestPerSubject, orderCodes } from '../views/home/cards';
import { useAuth } from './useAuth';
import { useIndicators } from './useIndicators';
import { useNotify } from './useNotify';

export function useCockpitData(region: Ref<string | null>) {
  const { me } = useAuth();
  const ind = useIndicators();
  const notify = useNotify();
  const summary = ref<IndicatorSummary | null>(null);
  const children = ref<Region[]>([]);
  /** 'county' when the parts are a province's counties, else null (the children) */
  const mapLevel = ref<string | null>(null);
  const parentCode = ref<string | null>(null);
  const childRows = ref<Observation[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);

  const items = computed(() => (summary.value ? cockpitItems(summary.value.items, me.value) : []));
  const childIndicators = computed(() => orderCodes([...new Set(childRows.value.map((o) => o.indicatorCode))]));
  /** the parts' values of one indicator in its latest period, highest first */
  const childValuesOf = (code: string | null) => (code ? latestPerSubject(childRows.value.filter((o) => o.indicatorCode === code)) : []);

  async function loadChildren(code: string) {
    const self = await fetchRegion(code);
    parentCode.value = self.parentCode;
    mapLevel.value = self.level === 'province' ? 'county' : null;
    children.value = (await fetchRegions(mapLevel.value ? { under: code, level: mapLevel.value } : { parent: code })).items;
  }

  /** the summary and the parts; their values follow (the watch below) */
  async function load() {
    const code = region.value;
    if (!code) return;
    loading.value = true;
    error.value = null;
    try {
      const [s] = await Promise.all([fetchIndicatorSummary(code), ind.load(), loadChildren(code)]);
      summary.value = s;
    } catch (e) {
      error.value = e;
      summary.value = null;
    } finally {
      loading.value = false;
    }
  }

  watch(children, async (kids) => {
    childRows.value = [];
    if (kids.length === 0) return;
    try {
      childRows.value = (await fetchObservations({ subject: kids.map((k) => k.code).join(','), pageSize: 10_000 })).items;
    } catch (e) {
      notify.error(e);
    }
  });

  return { ind, summary, items, children, mapLevel, parentCode, childRows, childIndicators, childValuesOf, loading, error, load };
}
