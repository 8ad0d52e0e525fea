/** Element Plus components used only by the data, import and admin views (loaded with them). */
import type { App, Component } from 'vue';
import {
  ElCheckbox,
  ElCheckboxGroup,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElPopconfirm,
  ElRadioButton,
  ElRadioGroup,
  ElStep,
  ElSteps,
  ElSwitch,
  ElTree,
  ElUpload,
} from 'element-plus';

const components = [ElCheckbox, ElCheckboxGroup, ElDescriptions, ElDescriptionsItem, ElDialog, ElPopconfirm, ElRadioButton, ElRadioGroup, ElStep, ElSteps, ElSwitch, ElTree, ElUpload];

export function installExtras(app: App) {
  for (const c of components) app.use(c as Component & { install: (a: App) => void });
}
