/** Element Plus components used only by the data, import, admin and access views (loaded with them). */
import type { App } from 'vue';
import { registerComponents } from './register';
import {
  ElCheckbox,
  ElCheckboxGroup,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElInputNumber,
  ElOptionGroup,
  ElPopconfirm,
  ElRadioButton,
  ElRadioGroup,
  ElStatistic,
  ElStep,
  ElSteps,
  ElSwitch,
  ElTabPane,
  ElTabs,
  ElTooltip,
  ElTree,
  ElUpload,
} from 'element-plus';

export const EXTRA_COMPONENTS = [
  ElCheckbox,
  ElCheckboxGroup,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElInputNumber,
  ElOptionGroup,
  ElPopconfirm,
  ElRadioButton,
  ElRadioGroup,
  ElStatistic,
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
  registerComponents(app, EXTRA_COMPONENTS);
}
