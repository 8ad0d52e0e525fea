/** Toasts in the interface language; API errors show the server's zh/en message. */
import { ElMessage } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { errorText } from '../api/http';

export function useNotify() {
  const { t, locale } = useI18n();
  return {
    error: (e: unknown) => {
      ElMessage.error({ message: errorText(e, locale.value), showClose: true });
    },
    success: (key: string, values: Record<string, unknown> = {}) => {
      ElMessage.success(t(key, values));
    },
    text: (e: unknown) => errorText(e, locale.value),
  };
}
