import { describe, expect, it } from 'vitest';
import type { ObjectChecklist } from '../src/api/enforce';
import { offeredChecklist } from '../src/views/enforce/offered-checklist';

const item = (code: string, name: string, department: string, scenarios: string[]) => ({
  code,
  name,
  department,
  itemType: 'inspect' as const,
  legalBasis: '',
  subjectTypes: '',
  riskLevel: '' as const,
  transferred: false,
  synthetic: false,
  scenarios,
});

const venue: ObjectChecklist = {
  subjectId: 1,
  scenarios: [{ code: 'VENUE', name: '亚运场馆一件事', leadDepartment: '消防' }],
  items: [item('XF-001', '安全出口检查', '消防', ['VENUE']), item('YJ-001', '安全出口 检查', '应急管理', ['VENUE'])],
  checklist: [{ code: 'XF-001', name: '安全出口检查', departments: ['消防', '应急管理'], codes: ['XF-001', 'YJ-001'] }],
};
const food: ObjectChecklist = {
  subjectId: 2,
  scenarios: [
    { code: 'FOOD', name: '餐饮店一件事', leadDepartment: '市场监管' },
    { code: 'VENUE', name: '亚运场馆一件事', leadDepartment: '消防' },
  ],
  items: [item('SJ-001', '食品经营许可检查', '市场监管', ['FOOD']), item('XF-001', '安全出口检查', '消防', ['VENUE'])],
  checklist: [
    { code: 'SJ-001', name: '食品经营许可检查', departments: ['市场监管'], codes: ['SJ-001'] },
    { code: 'XF-001', name: '安全出口检查', departments: ['消防'], codes: ['XF-001'] },
  ],
};

describe('the checklist offered to a plan for enrolled objects', () => {
  it('is nothing for objects enrolled in no scenario', () => {
    expect(offeredChecklist([])).toBeNull();
    expect(offeredChecklist([{ subjectId: 3, scenarios: [], items: [], checklist: [] }])).toBeNull();
  });

  it('takes every item of the objects’ scenarios once, the departments needing them, and the first scenario’s lead', () => {
    const o = offeredChecklist([venue, food])!;
    expect(o.scenarios).toEqual(['亚运场馆一件事', '餐饮店一件事']);
    expect(o.itemCodes).toEqual(['XF-001', 'YJ-001', 'SJ-001']);
    expect(o.departments).toEqual(['市场监管', '应急管理', '消防'].sort());
    expect(o.leadDepartment).toBe('消防');
    // the same check of two departments stays one line, whichever object brought it
    expect(o.lines.map((l) => [l.code, l.codes])).toEqual([
      ['XF-001', ['XF-001', 'YJ-001']],
      ['SJ-001', ['SJ-001']],
    ]);
    expect(offeredChecklist([food])!.leadDepartment).toBe('市场监管');
  });
});
