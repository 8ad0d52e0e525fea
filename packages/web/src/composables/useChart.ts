/**
 * Binds an ECharts instance to an element and re-renders whenever the option changes. The element
 * may appear later (inside a v-if that waits for data) or be replaced: the chart is created when it
 * shows up and moved when it changes. Views needing extra chart types import their ECharts parts
 * (charts/echarts-assess, charts/echarts-circles) once; `echarts.use` registers them globally.
 */
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import { echarts } from '../charts/echarts';

export interface ChartClick {
  data?: unknown;
  name?: string;
  seriesIndex?: number;
  dataIndex?: number;
}

export function useChart(el: Ref<HTMLElement | null>, option: Ref<Record<string, unknown> | null>, onClick?: (p: ChartClick) => void) {
  const chart = shallowRef<echarts.ECharts | null>(null);
  const resize = () => chart.value?.resize();
  window.addEventListener('resize', resize);
  // an element that was still hidden (v-show, a tab) when the chart was created has no width yet:
  // follow the element's own size, not only the window's
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize);
  watch(
    [el, option],
    ([element, o]) => {
      if (chart.value && chart.value.getDom() !== element) {
        chart.value.dispose();
        chart.value = null;
      }
      // an empty result must not leave the previous query's lines on screen
      if (!o) chart.value?.clear();
      if (!element || !o) return;
      if (!chart.value) {
        chart.value = echarts.init(element);
        observer?.disconnect();
        observer?.observe(element);
        if (onClick) chart.value.on('click', (p) => onClick(p as ChartClick));
      }
      chart.value.setOption(o, true);
    },
    { flush: 'post', immediate: true },
  );
  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize);
    observer?.disconnect();
    chart.value?.dispose();
  });
  return chart;
}
