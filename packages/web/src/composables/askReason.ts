/**
 * Asks for the reason of an irreversible-looking action (withdraw, reject, close) in a message box.
 * Resolves to the trimmed reason, or null when the user closed the box: cancelling is not an error.
 */
import { ElMessageBox } from 'element-plus';

export interface ReasonPrompt {
  placeholder: string;
  /** message shown while the reason is shorter than `minLength` */
  required: string;
  minLength?: number;
  confirmText?: string;
  cancelText?: string;
}

export async function askReason(message: string, title: string, p: ReasonPrompt): Promise<string | null> {
  const min = p.minLength ?? 2;
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      inputPlaceholder: p.placeholder,
      inputValidator: (v: string) => (v ?? '').trim().length >= min || p.required,
      confirmButtonText: p.confirmText,
      cancelButtonText: p.cancelText,
      type: 'warning',
    });
    return value.trim();
  } catch {
    return null;
  }
}
