/**
 * Printing a page as a 公文 (GB/T 9704-2012 layout, see App.vue's print styles): the issuing unit
 * and the document number a clerk types once are kept in this browser; the title and date are the
 * page's. `print()` fills the print header, then opens the browser's print dialog (save as PDF).
 */
import { nextTick, reactive, watch } from 'vue';

const KEY = 'gongfu.print';

function stored(): { issuer: string; docNumber: string } {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as { issuer?: unknown; docNumber?: unknown };
    return { issuer: typeof v.issuer === 'string' ? v.issuer : '', docNumber: typeof v.docNumber === 'string' ? v.docNumber : '' };
  } catch {
    return { issuer: '', docNumber: '' };
  }
}

export const printSheet = reactive({
  ...(typeof localStorage === 'undefined' ? { issuer: '', docNumber: '' } : stored()),
  title: '',
  date: new Date(),
});
watch(
  () => [printSheet.issuer, printSheet.docNumber],
  () => localStorage.setItem(KEY, JSON.stringify({ issuer: printSheet.issuer, docNumber: printSheet.docNumber })),
);

export async function printPage(title: string, date: Date = new Date()) {
  printSheet.title = title;
  printSheet.date = date;
  await nextTick();
  window.print();
}
