/**
 * A user action that calls the API: a loading flag while it runs, the error as a toast in the
 * interface language, and an optional success toast. `run` resolves to the result, or undefined
 * when the action failed (the user has seen why); `error` keeps that failure for a page that must
 * say in place why it is empty (LoadFailed).
 */
import { ref, type Ref } from 'vue';
import { useNotify } from './useNotify';

export interface ActionOptions {
  /** message key of the toast after success */
  success?: string;
  /** a loading flag shared with other actions (one spinner for a page) */
  loading?: Ref<boolean>;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>, options: ActionOptions = {}) {
  const notify = useNotify();
  const loading = options.loading ?? ref(false);
  const error = ref<unknown>(null);
  async function run(...args: A): Promise<R | undefined> {
    loading.value = true;
    error.value = null;
    try {
      const result = await fn(...args);
      if (options.success) notify.success(options.success);
      return result;
    } catch (e) {
      error.value = e;
      notify.error(e);
      return undefined;
    } finally {
      loading.value = false;
    }
  }
  return { run, loading, error };
}
