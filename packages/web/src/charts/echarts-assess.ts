/**
 * The extra ECharts parts the assessment views need (radar for scorecards, scatter for the nominal
 * rank in the sensitivity chart). Imported by the assess views only; `echarts.use` registers
 * globally, so the shared instance from ./echarts draws them.
 */
import { echarts } from './echarts';
import { RadarChart, ScatterChart } from 'echarts/charts';
import { RadarComponent } from 'echarts/components';

echarts.use([RadarChart, ScatterChart, RadarComponent]);

export { echarts };
