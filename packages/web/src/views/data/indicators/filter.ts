/** The catalogue page's filter: text over code, names and definition; department; frequency; retired ones only when asked. */
import type { CatalogueEntry } from '../../../api/types';

export interface CatalogueFilter {
  q: string;
  department: string;
  frequency: string;
  retired: boolean;
}

export function filterCatalogue(items: readonly CatalogueEntry[], f: CatalogueFilter): CatalogueEntry[] {
  const q = f.q.trim().toLowerCase();
  return items.filter(
    (i) =>
      (f.retired || i.retiredAt === null) &&
      (!f.department || i.sourceDepartment === f.department) &&
      (!f.frequency || i.frequency === f.frequency) &&
      (!q || [i.code, i.nameZh, i.nameEn, i.definition].some((s) => s.toLowerCase().includes(q))),
  );
}
