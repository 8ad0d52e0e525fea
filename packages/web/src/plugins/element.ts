/**
 * Registers only the Element Plus components the app uses, so the bundle carries no unused ones.
 * The shell (login, layout, cockpit) needs the first group; the heavier components of the data,
 * import and admin views are in `element-extras.ts`, loaded with those views.
 */
import type { App } from 'vue';
import { registerComponents } from './register';
import {
  ElAlert,
  ElButton,
  ElCard,
  ElConfigProvider,
  ElDrawer,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElMenu,
  ElMenuItem,
  ElSubMenu,
  ElOption,
  ElPagination,
  ElSelect,
  ElSlider,
  ElTable,
  ElTableColumn,
  ElTag,
  ElTimeline,
  ElTimelineItem,
  ElTreeSelect,
  vLoading,
} from 'element-plus';
import 'element-plus/dist/index.css';

export const SHELL_COMPONENTS = [
  ElAlert,
  ElButton,
  ElCard,
  ElConfigProvider,
  ElDrawer,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElMenu,
  ElMenuItem,
  ElSubMenu,
  ElOption,
  ElPagination,
  ElSelect,
  ElSlider,
  ElTable,
  ElTableColumn,
  ElTag,
  ElTimeline,
  ElTimelineItem,
  ElTreeSelect,
];

let app: App | undefined;
let extras: Promise<void> | undefined;

export function installElement(target: App) {
  app = target;
  registerComponents(target, SHELL_COMPONENTS);
  target.directive('loading', vLoading);
}

/** Wraps a lazy route component so the extra Element Plus components are registered before it renders. */
export function withElementExtras<T>(loader: () => Promise<T>): () => Promise<T> {
  return async () => {
    extras ??= import('./element-extras').then((m) => {
      if (app) m.installExtras(app);
    });
    const [, view] = await Promise.all([extras, loader()]);
    return view;
  };
}
