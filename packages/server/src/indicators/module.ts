import { defineModule } from '../module.js';

export default defineModule({
  id: 'indicators',
  tag: {
    name: 'indicators',
    description: 'indicator catalogue (指标管理: create, edit, retire, history, import from a spreadsheet) and templates',
  },
  permissions: ['indicator:read', 'indicator:write'],
  routes: async (api, ctx) => {
    // the retire/import/history paths first: /indicators/import must not be read as a code
    await (await import('./routes-catalogue.js')).catalogueRoutes(api, ctx);
    await (await import('./routes.js')).indicatorRoutes(api, ctx);
  },
});
