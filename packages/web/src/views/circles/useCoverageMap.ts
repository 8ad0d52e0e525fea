/**
 * The coverage map of the 15-minute-circle page: roads of the network, residents coloured by
 * coverage, facilities (closed ones marked), isochrones, blind spots, suggested and added sites, and
 * the zoomed view. `layers` reads the page's state; the option is rebuilt when any of it changes.
 */
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { BlindSpot, FacilityItem, LevelReport, ResidentItem, RunResidents, SiteSuggestionResult } from '../../api/circles';
import type { FeatureCollection } from '../../api/types';
import { bboxOf, isochroneRings, residentStates, roadPolylines, viewOf, type Bbox, type MapView } from '../../charts/circles';
import { buildAccessMapOption } from '../../charts/circles-map';
import type { Scenario } from './scenario';
import { mapNameOf } from './useCirclesData';

export interface CoverageMapLayers {
  networkId: number | null;
  results: RunResidents | null;
  residents: ResidentItem[];
  facilities: FacilityItem[];
  level: LevelReport | null;
  category: string;
  categories: { id: string; name: string }[];
  scenario: Scenario;
  isochrones: FeatureCollection | null;
  blindSpots: BlindSpot[];
  sites: SiteSuggestionResult | null;
  picked: { lon: number; lat: number } | null;
  selectedFacility: string | null;
  residentsSynthetic: boolean;
}

export function useCoverageMap(geojson: Ref<FeatureCollection | null>, view: Ref<MapView | null>, layers: () => CoverageMapLayers) {
  const { t } = useI18n();
  const roads = computed(() => roadPolylines(geojson.value));
  const bbox = computed<Bbox | null>(() => bboxOf(roads.value.flat()));
  const residentPoints = computed(() => {
    const { results, residents } = layers();
    if (!results) return [];
    const byId = new Map(residents.map((r) => [r.id, r]));
    return results.items.map((r) => byId.get(r.id) ?? { lon: NaN, lat: NaN, population: r.population });
  });
  const closedSet = computed(() => new Set(layers().scenario.close));
  const facilityLegend = computed(() => {
    const { facilities, scenario, categories } = layers();
    const present = new Set(facilities.map((f) => f.category));
    scenario.add.forEach((a) => present.add(a.category));
    const known = categories.filter((c) => present.has(c.id));
    const extra = [...present].filter((id) => !known.some((c) => c.id === id)).map((id) => ({ id, name: id }));
    return [...known, ...extra];
  });

  const option = computed(() => {
    const l = layers();
    if (!bbox.value || !l.networkId || !geojson.value) return null;
    return buildAccessMapOption({
      mapName: mapNameOf(l.networkId),
      bbox: bbox.value,
      roads: roads.value,
      categories: facilityLegend.value,
      facilities: l.facilities.map((f) => ({ ...f, closed: closedSet.value.has(f.id) })),
      residents: residentPoints.value,
      residentStates: l.results && l.level ? residentStates(l.results, l.level, l.category) : null,
      isochrones: isochroneRings(l.isochrones),
      blindSpots: l.blindSpots,
      sites: (l.sites?.picks ?? []).map((p, i) => ({ lon: p.lon, lat: p.lat, rank: i + 1 })),
      added: l.scenario.add,
      pending: l.picked,
      selectedFacility: l.selectedFacility,
      view: view.value,
      labels: {
        roads: t('circles.map.roads'),
        covered: t('circles.map.covered'),
        uncovered: t('circles.map.uncovered'),
        synthetic: l.residentsSynthetic ? t('circles.synthetic') : null,
        isochrone: (m) => t('circles.map.isochrone', { minutes: m }),
        blindSpots: t('circles.map.blindSpots'),
        sites: t('circles.map.sites'),
        added: t('circles.map.added'),
        pending: t('circles.map.pending'),
        closed: t('circles.map.closed'),
        population: t('circles.map.population'),
      },
    }) as unknown as Record<string, unknown>;
  });

  function zoomTo(box: number[] | undefined) {
    if (!box || !bbox.value) return;
    view.value = viewOf(bbox.value, box as Bbox);
  }
  const locate = (lon: number, lat: number) => zoomTo([lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002]);

  return { roads, residentPoints, closedSet, option, zoomTo, locate };
}
