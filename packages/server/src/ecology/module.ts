import { defineModule } from '../module.js';

export default defineModule({
  id: 'ecology',
  tag: {
    name: 'ecology',
    description:
      '生态 · air quality: stations, hourly readings, daily AQI by HJ 633-2012, validity and annual statistics by HJ 663-2013, 优良天数比例 as an indicator; 河长制 rivers, reaches, chiefs, patrols (problems → event cases), completion rates; GB 3838-2002 water quality',
  },
  permissions: ['ecology:read', 'ecology:write', 'ecology:rivers'],
  routes: async (api, ctx) => (await import('./routes.js')).ecologyRoutes(api, ctx),
  demo: {
    label: { zh: '空气质量演示（合成监测数据）', en: 'air-quality demo (synthetic readings)' },
    load: async (db, options) => (await import('./demo.js')).loadEcologyDemo(db, options),
  },
});
