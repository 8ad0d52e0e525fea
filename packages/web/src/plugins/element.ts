/** Registers only the Element Plus components the app uses, so the bundle carries no unused ones. */
import type { App } from 'vue';
import {
  ElAlert,
  ElButton,
  ElCard,
  ElConfigProvider,
  ElDrawer,
  ElTable,
  ElTableColumn,
  ElTag,
  ElTimeline,
  ElTimelineItem,
} from 'element-plus';
import 'element-plus/dist/index.css';

const components = [ElAlert, ElButton, ElCard, ElConfigProvider, ElDrawer, ElTable, ElTableColumn, ElTag, ElTimeline, ElTimelineItem];

export function installElement(app: App) {
  for (const c of components) app.use(c);
}
