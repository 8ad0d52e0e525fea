/** The ECharts build this app uses: only the charts and components it draws (keeps the bundle small). */
import * as echarts from 'echarts/core';
import { LineChart, MapChart, BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TitleComponent, TooltipComponent, VisualMapComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  AriaComponent,
  LineChart,
  MapChart,
  BarChart,
  GridComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  LegendComponent,
  CanvasRenderer,
]);

export { echarts };
