import { describe, expect, it } from 'vitest';
import { actorText, NEEDS_REASON, STATES } from '../src/views/events/labels';
import en from '../src/views/events/locales/en';
import zh from '../src/views/events/locales/zh-CN';

describe('event labels', () => {
  const t = (k: string) => `<${k}>`;
  it('never shows the ids of the sweep or of demo staff', () => {
    expect(actorText(t, 'system:events-sweep', 'system:events-sweep')).toBe('<events.case.systemActor>');
    expect(actorText(t, 'demo:dispatcher-330603001000', 'demo:dispatcher-330603001000')).toBe('<events.case.demoActor>');
    expect(actorText(t, 'user:alice', '王小明')).toBe('王小明');
  });
  it('every state and every action that asks for a reason has a label in both languages', () => {
    for (const m of [zh, en]) {
      for (const s of STATES) expect(typeof m.events.state[s]).toBe('string');
      for (const a of NEEDS_REASON) expect(typeof m.events.action[a]).toBe('string');
    }
  });
});
