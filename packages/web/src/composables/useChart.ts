import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import { echarts } from '../charts/echarts';

export interface ChartClick {
  data?: unknown;
  name?: string;
  seriesIndex?: number;
  dataIndex?: number;
}

/** Binds an ECharts instance to an element and re-renders whenever the option changes. */
export function useChart(el: Ref<HTMLElement | null>, option: Ref<Record<string, unknown> | null>, onClick?: (p: ChartClick) => void) {
  const chart = shallowRef<echarts.ECharts | null>(null);
  const resize = () => chart.value?.resize();
  onMounted(() => {
    if (!el.value) return;
    chart.value = echarts.init(el.value);
    if (onClick) chart.value.on('click', (p) => onClick(p as ChartClick));
    if (option.value) chart.value.setOption(option.value, true);
    window.addEventListener('resize', resize);
  });
  watch(option, (o) => {
    if (o && chart.value) chart.value.setOption(o, true);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize);
    chart.value?.dispose();
  });
  return chart;
}
