/**
 * Audit rows as an auditor reads them: actions by their label, actors and targets by kind and name
 * (`user:demo` → 演示用户 by the display name the server sends, `cli:root` → 命令行 root,
 * `assess_scheme:keqiao-towns-annual` → 考核方案 柯桥区…年度综合考核, `assess_run:12` → 考核运行 12).
 * The stored codes stay in the expanded row and in exports.
 */
type Translate = (key: string, named?: Record<string, unknown>) => string;
type Exists = (key: string) => boolean;

export const actionKey = (action: string) => `audit.actions.${action.replace(/\./g, '_')}`;

export function actionLabel(t: Translate, te: Exists, action: string): string {
  return te(actionKey(action)) ? t(actionKey(action)) : action;
}

function split(ref: string): [string, string] | null {
  const i = ref.indexOf(':');
  return i > 0 ? [ref.slice(0, i), ref.slice(i + 1)] : null;
}

export function actorLabel(t: Translate, te: Exists, actor: string, displayName?: string | null): string {
  if (displayName) return displayName;
  const parts = split(actor);
  // the built-in system actors (`system`, `demo`, `test`) have names of their own: 系统（演示数据加载）
  if (!parts) return te(`audit.systemActor.${actor}`) ? t(`audit.systemActor.${actor}`) : actor;
  const [kind, name] = parts;
  if (kind === 'user') return name;
  const key = `audit.actorKind.${kind}`;
  return te(key) ? t(key, { name }) : actor;
}

export function targetLabel(t: Translate, te: Exists, target: string | null, name?: string | null): string {
  if (!target) return '—';
  const parts = split(target);
  if (!parts) return name ?? target;
  const key = `audit.targetKind.${parts[0]}`;
  return te(key) ? t(key, { id: name ?? parts[1] }) : (name ?? target);
}
