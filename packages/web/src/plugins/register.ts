import type { App, Component } from 'vue';

/**
 * Registers Element Plus components under their own names. Not `app.use(c)`: sub-components such
 * as ElRadioGroup, ElRadioButton, ElStep or ElTabPane have a no-op `install` (only their parent's
 * install registers them), so using one without its parent silently left `<el-radio-group>` as an
 * unknown tag in the page.
 */
export function registerComponents(app: App, components: Component[]): void {
  for (const c of components) {
    const name = (c as { name?: string }).name;
    if (!name) throw new Error('an Element Plus component without a name cannot be registered');
    app.component(name, c);
  }
}
