/** 三级指挥协同: the case queue per role, a case with its timeline and actions, the 网格员 report page, the 12345 import, the routing table and department units, a cockpit card. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'events',
  routes: [
    {
      path: 'events',
      name: 'events',
      component: withElementExtras(() => import('./EventsView.vue')),
      meta: { permission: 'events:read', titleKey: 'menu.events', menu: { order: 58, icon: 'events' } },
    },
    {
      path: 'events/report',
      name: 'events-report',
      component: withElementExtras(() => import('./EventReportView.vue')),
      meta: { permission: 'events:report', titleKey: 'events.report.title' },
    },
    {
      path: 'events/hotline',
      name: 'events-hotline',
      component: withElementExtras(() => import('./HotlineImportView.vue')),
      meta: { permission: 'events:dispatch', titleKey: 'events.hotline.title' },
    },
    {
      path: 'events/routing',
      name: 'events-routing',
      component: withElementExtras(() => import('./RoutingView.vue')),
      meta: { permission: 'events:manage', titleKey: 'events.routing.title' },
    },
    {
      path: 'events/map',
      name: 'events-map',
      component: withElementExtras(() => import('./EventsMapView.vue')),
      meta: { permission: 'events:read', titleKey: 'events.map.title' },
    },
    {
      path: 'events/cases/:id',
      name: 'events-case',
      component: withElementExtras(() => import('./EventCaseView.vue')),
      meta: { permission: 'events:read', titleKey: 'events.case.title' },
    },
  ],
  cards: [{ id: 'EV_ONTIME_HANDLE_RATE', indicator: 'EV_ONTIME_HANDLE_RATE', order: 110, permission: 'events:read' }],
});
