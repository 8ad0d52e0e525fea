/** Element Plus components used only by the data, import, admin and access views (loaded with them). */
import type { App, Component } from 'vue';
import {
  ElCheckbox,
  ElCheckboxGroup,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElInputNumber,
  ElPopconfirm,
  ElRadioButton,
  ElRadioGroup,
  ElStep,
  ElSteps,
  ElSwitch,
  ElTabPane,
  ElTabs,
  ElTooltip,
  ElTree,
  ElUpload,
} from 'element-plus';

const components = [
  ElCheckbox,
  ElCheckboxGroup,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElInputNumber,
  ElPopconfirm,
  ElRadioButton,
  ElRadioGroup,
  ElStep,
  ElSteps,
  ElSwitch,
  ElTabPane,
  ElTabs,
  ElTooltip,
  ElTree,
  ElUpload,
];

export function installExtras(app: App) {
  for (const c of components) app.use(c as Component & { install: (a: App) => void });
}
