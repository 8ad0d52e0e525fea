/** The extra ECharts parts the air-quality calendar needs (calendar coordinates, heat map); imported by the ecology views only. */
import { echarts } from './echarts';
import { HeatmapChart } from 'echarts/charts';
import { CalendarComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';

echarts.use([CalendarComponent, HeatmapChart, TooltipComponent, VisualMapComponent]);

export { echarts };
