/**
 * What the 15-minute-circle page shows: the stored networks, point sets and runs, the user's choice
 * among them (a network narrows the sets, the three narrow the runs) and the data of the chosen run
 * (report, per-resident results, facilities, residents) and network (roads as GeoJSON).
 */
import { computed, onMounted, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import {
  createRun,
  fetchDefaultPreset,
  fetchFacilitySet,
  fetchFacilitySets,
  fetchNetworkGeoJSON,
  fetchNetworks,
  fetchResidentSet,
  fetchResidentSets,
  fetchRun,
  fetchRunResidents,
  fetchRuns,
  type AccessPreset,
  type FacilityItem,
  type NetworkMeta,
  type PointSet,
  type ResidentItem,
  type Run,
  type RunResidents,
  type RunWithReport,
} from '../../api/circles';
import type { FeatureCollection } from '../../api/types';
import { bboxFeatureCollection, bboxOf, roadPolylines } from '../../charts/circles';
import { echarts } from '../../charts/echarts-circles';
import { useAction } from '../../composables/useAction';
import { useNotify } from '../../composables/useNotify';

/** How many of the chosen sets' runs the run picker offers (newest first; the total is shown beside it). */
export const RUNS_SHOWN = 50;

/** The name the network's bounding box is registered under as an ECharts map. */
export const mapNameOf = (networkId: number) => `gongfu-access-${networkId}`;

export function useCirclesData(customPreset: Ref<AccessPreset | null>) {
  const notify = useNotify();
  const networks = ref<NetworkMeta[]>([]);
  const facilitySets = ref<PointSet[]>([]);
  const residentSets = ref<PointSet[]>([]);
  const runs = ref<Run[]>([]);
  const defaultPreset = ref<AccessPreset | null>(null);

  const sel = reactive({
    networkId: null as number | null,
    facilitySetId: null as number | null,
    residentSetId: null as number | null,
    runId: null as number | null,
  });
  const geojson = shallowRef<FeatureCollection | null>(null);
  const run = shallowRef<RunWithReport | null>(null);
  const results = shallowRef<RunResidents | null>(null);
  const facilities = shallowRef<FacilityItem[]>([]);
  const residents = shallowRef<ResidentItem[]>([]);
  const loading = ref(false);

  const network = computed(() => networks.value.find((n) => n.id === sel.networkId) ?? null);
  const setsFor = (sets: PointSet[]) => sets.filter((s) => s.networkId === null || s.networkId === sel.networkId);
  const networkFacilitySets = computed(() => setsFor(facilitySets.value));
  const networkResidentSets = computed(() => setsFor(residentSets.value));
  /** the runs of the chosen network and point sets, newest first, as the server pages them (the latest RUNS_SHOWN) */
  const matchingRuns = runs;
  const matchingRunsTotal = ref(0);
  const residentSet = computed(() => residentSets.value.find((s) => s.id === (run.value?.residentSetId ?? sel.residentSetId)) ?? null);
  const synthetic = computed(() => !!run.value?.synthetic || !!residentSet.value?.synthetic);
  const residentsSynthetic = computed(() => !!residentSet.value?.synthetic);

  async function loadLists() {
    const [n, f, r] = await Promise.all([fetchNetworks(), fetchFacilitySets(), fetchResidentSets()]);
    networks.value = n.items;
    facilitySets.value = f.items;
    residentSets.value = r.items;
  }
  const { run: loadRuns } = useAction(async () => {
    const chosen = [sel.networkId, sel.facilitySetId, sel.residentSetId] as const;
    const [network, facilitySet, residentSet] = chosen;
    const found =
      network && facilitySet && residentSet
        ? await fetchRuns({ network, facilitySet, residentSet, pageSize: RUNS_SHOWN })
        : { items: [] as Run[], total: 0 };
    // a later choice has already asked for its own runs
    if (chosen.some((v, i) => v !== [sel.networkId, sel.facilitySetId, sel.residentSetId][i])) return false;
    runs.value = found.items;
    matchingRunsTotal.value = found.total;
    return true;
  });

  const { run: start } = useAction(
    async () => {
      const [preset] = await Promise.all([fetchDefaultPreset(), loadLists()]);
      defaultPreset.value = preset;
      if (!sel.networkId && networks.value.length) sel.networkId = networks.value[0].id;
    },
    { loading },
  );
  onMounted(start);

  const { run: loadRoads, loading: mapLoading } = useAction(async (id: number) => {
    const fc = await fetchNetworkGeoJSON(id);
    const box = bboxOf(roadPolylines(fc).flat());
    if (box) echarts.registerMap(mapNameOf(id), bboxFeatureCollection(box) as never);
    geojson.value = fc;
  });
  watch(
    () => sel.networkId,
    async (id) => {
      geojson.value = null;
      const first = (sets: PointSet[]) => (sets.find((s) => s.networkId === id) ?? sets[0])?.id ?? null;
      sel.facilitySetId = first(networkFacilitySets.value);
      sel.residentSetId = first(networkResidentSets.value);
      if (id) await loadRoads(id);
    },
  );

  watch(
    () => [sel.networkId, sel.facilitySetId, sel.residentSetId],
    async () => {
      if (await loadRuns()) sel.runId = matchingRuns.value[0]?.id ?? null;
    },
  );

  const { run: loadRun } = useAction(
    async (id: number) => {
      const [r, res] = await Promise.all([fetchRun(id), fetchRunResidents(id)]);
      const [f, rs] = await Promise.all([fetchFacilitySet(r.facilitySetId), fetchResidentSet(r.residentSetId)]);
      if (sel.runId !== id) return;
      facilities.value = f.items;
      residents.value = rs.items;
      results.value = res;
      run.value = r;
    },
    { loading },
  );
  watch(
    () => sel.runId,
    async (id) => {
      run.value = null;
      results.value = null;
      if (id) await loadRun(id);
    },
  );

  const { run: newRun, loading: creating } = useAction(async () => {
    if (!sel.networkId || !sel.facilitySetId || !sel.residentSetId) return;
    const r = await createRun({
      networkId: sel.networkId,
      facilitySetId: sel.facilitySetId,
      residentSetId: sel.residentSetId,
      preset: (customPreset.value ?? undefined) as Record<string, unknown> | undefined,
    });
    runs.value = [r, ...runs.value];
    matchingRunsTotal.value++;
    sel.runId = r.id;
    notify.success('circles.runCreated', { id: r.id });
  });

  async function onNetworkAdded(n: NetworkMeta) {
    await loadLists();
    sel.networkId = n.id;
  }
  async function onSetAdded(s: PointSet) {
    await loadLists();
    if (s.kind === 'facility') sel.facilitySetId = s.id;
    else sel.residentSetId = s.id;
  }

  return {
    networks,
    defaultPreset,
    sel,
    geojson,
    run,
    results,
    facilities,
    residents,
    loading,
    mapLoading,
    creating,
    network,
    networkFacilitySets,
    networkResidentSets,
    matchingRuns,
    matchingRunsTotal,
    synthetic,
    residentsSynthetic,
    newRun,
    onNetworkAdded,
    onSetAdded,
  };
}
