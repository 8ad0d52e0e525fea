/**
 * Like composables/useChart, but for chart elements that appear later (inside v-if blocks that wait
 * for data): the chart is created when its element shows up and re-rendered when the option changes.
 */
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import { echarts } from '../../charts/echarts-assess';
import type { ChartClick } from '../../composables/useChart';

export function useAssessChart(el: Ref<HTMLElement | null>, option: Ref<Record<string, unknown> | null>, onClick?: (p: ChartClick) => void) {
  const chart = shallowRef<echarts.ECharts | null>(null);
  const resize = () => chart.value?.resize();
  window.addEventListener('resize', resize);
  watch(
    [el, option],
    ([element, o]) => {
      if (chart.value && chart.value.getDom() !== element) {
        chart.value.dispose();
        chart.value = null;
      }
      if (!element || !o) return;
      if (!chart.value) {
        chart.value = echarts.init(element);
        if (onClick) chart.value.on('click', (p) => onClick(p as ChartClick));
      }
      chart.value.setOption(o, true);
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize);
    chart.value?.dispose();
  });
  return chart;
}
