/** Every web module: each `views/<module>/module.ts`, discovered at build time (no list to edit). */
import type { WebModule } from './module';

const found = import.meta.glob<{ default: WebModule }>('../views/*/module.ts', { eager: true });

export const MODULES: WebModule[] = Object.values(found)
  .map((m) => m.default)
  .sort((a, b) => a.id.localeCompare(b.id));
