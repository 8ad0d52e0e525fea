/**
 * The extra ECharts parts the accessibility map needs (geo coordinates, scatter, polylines, custom
 * polygons). Imported by the access views only, so the shell's bundle does not carry them;
 * `echarts.use` registers globally, so the shared instance from ./echarts draws them.
 */
import { echarts } from './echarts';
import { CustomChart, LinesChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GeoComponent, LegendComponent, TooltipComponent } from 'echarts/components';

echarts.use([AriaComponent, CustomChart, GeoComponent, LegendComponent, LinesChart, ScatterChart, TooltipComponent]);

export { echarts };
