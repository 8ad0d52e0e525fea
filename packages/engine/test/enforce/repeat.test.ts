import { describe, expect, it } from 'vitest';
import {
  combinedChecklist,
  dayNumber,
  EnforceError,
  jointVisits,
  repeatedInspections,
  checkCaseTransition,
  nextStages,
} from '@gongfu/engine/enforce';

describe('repeated-inspection alerts', () => {
  it('day numbers', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-03-01') - dayNumber('2026-02-01')).toBe(28);
    expect(() => dayNumber('2026-02-30')).toThrow(EnforceError);
  });

  it('alerts inside the window, not outside it, not for a joint plan, not for one department', () => {
    const facts = [
      { id: '1', objectId: 'E1', date: '2026-03-01', department: 'MS' },
      { id: '2', objectId: 'E1', date: '2026-03-30', department: 'EE' }, // 29 days later: inside 30
      { id: '3', objectId: 'E2', date: '2026-03-01', department: 'MS' },
      { id: '4', objectId: 'E2', date: '2026-03-31', department: 'EE' }, // 30 days later: outside
      { id: '5', objectId: 'E3', date: '2026-03-01', department: 'MS', jointPlanId: 'P1' },
      { id: '6', objectId: 'E3', date: '2026-03-01', department: 'EE', jointPlanId: 'P1' },
      { id: '7', objectId: 'E4', date: '2026-03-01', department: 'MS' },
      { id: '8', objectId: 'E4', date: '2026-03-02', department: 'MS' },
    ];
    expect(repeatedInspections(facts)).toEqual([
      { objectId: 'E1', from: '2026-03-01', to: '2026-03-30', departments: ['EE', 'MS'], inspectionIds: ['1', '2'] },
    ]);
    expect(repeatedInspections(facts, { days: 31, maxDepartments: 1 }).map((a) => a.objectId)).toEqual(['E1', 'E2']);
    expect(repeatedInspections(facts, { days: 30, maxDepartments: 2 })).toEqual([]);
  });

  it('a joint visit is one visitor: alone it never alerts, a separate department after it does', () => {
    const joint = [
      { id: 'j1', objectId: 'E', date: '2026-05-01', department: 'MS', jointPlanId: 'P' },
      { id: 'j2', objectId: 'E', date: '2026-05-01', department: 'FS', jointPlanId: 'P' },
    ];
    expect(repeatedInspections(joint)).toEqual([]);
    // two joint visits and nothing else: still no alert (no visit outside a joint plan)
    expect(repeatedInspections([...joint, { id: 'j3', objectId: 'E', date: '2026-05-10', department: 'EE', jointPlanId: 'Q' }])).toEqual(
      [],
    );
    // a department of the joint visit comes back alone 20 days later
    expect(repeatedInspections([...joint, { id: 's', objectId: 'E', date: '2026-05-21', department: 'MS' }])).toEqual([
      { objectId: 'E', from: '2026-05-01', to: '2026-05-21', departments: ['FS', 'MS'], inspectionIds: ['j1', 'j2', 's'] },
    ]);
    // … or after the window: no alert
    expect(repeatedInspections([...joint, { id: 's', objectId: 'E', date: '2026-05-31', department: 'EE' }])).toEqual([]);
    // counted as one visitor: with two visitors allowed, joint + one department is fine, a third is not
    const two = { days: 30, maxDepartments: 2 };
    expect(repeatedInspections([...joint, { id: 's', objectId: 'E', date: '2026-05-21', department: 'EE' }], two)).toEqual([]);
    expect(
      repeatedInspections(
        [
          ...joint,
          { id: 's', objectId: 'E', date: '2026-05-21', department: 'EE' },
          { id: 't', objectId: 'E', date: '2026-05-22', department: 'ZH' },
        ],
        two,
      ).map((a) => a.inspectionIds),
    ).toEqual([['j1', 'j2', 's', 't']]);
  });

  it('overlapping windows merge into one alert; a later separate burst is a second alert', () => {
    const facts = [
      { id: 'a', objectId: 'E', date: '2026-01-01', department: 'MS' },
      { id: 'b', objectId: 'E', date: '2026-01-10', department: 'EE' },
      { id: 'c', objectId: 'E', date: '2026-01-20', department: 'FS' },
      { id: 'd', objectId: 'E', date: '2026-06-01', department: 'MS' },
      { id: 'e', objectId: 'E', date: '2026-06-02', department: 'ZH' },
    ];
    expect(repeatedInspections(facts)).toEqual([
      { objectId: 'E', from: '2026-01-01', to: '2026-01-20', departments: ['EE', 'FS', 'MS'], inspectionIds: ['a', 'b', 'c'] },
      { objectId: 'E', from: '2026-06-01', to: '2026-06-02', departments: ['MS', 'ZH'], inspectionIds: ['d', 'e'] },
    ]);
  });
});

describe('综合查一次', () => {
  it('the combined checklist has one line per check across departments', () => {
    const lines = combinedChecklist([
      { code: 'XF-01', name: '安全出口、疏散通道', department: '消防' },
      { code: 'YJ-07', name: '安全出口 疏散通道', department: '应急管理' },
      { code: 'SJ-02', name: '食品经营许可', department: '市场监管' },
      { code: 'SJ-02', name: '食品经营许可证公示', department: '综合执法' },
    ]);
    expect(lines).toEqual([
      { code: 'XF-01', name: '安全出口、疏散通道', departments: ['消防', '应急管理'], codes: ['XF-01', 'YJ-07'] },
      { code: 'SJ-02', name: '食品经营许可', departments: ['市场监管', '综合执法'], codes: ['SJ-02'] },
    ]);
  });

  it('merges planned checks of one object into one visit on the earliest date', () => {
    const v = jointVisits([
      { objectId: 'E1', department: '消防', date: '2026-05-10', items: [{ code: 'XF-01', name: '消防设施', department: '消防' }] },
      { objectId: 'E1', department: '市场监管', date: '2026-05-03', items: [{ code: 'SJ-01', name: '特种设备', department: '市场监管' }] },
      { objectId: 'E2', department: '消防', date: '2026-05-10', items: [] },
    ]);
    expect(v.map((x) => [x.objectId, x.date, x.departments, x.checklist.length])).toEqual([
      ['E1', '2026-05-03', ['市场监管', '消防'], 2],
      ['E2', '2026-05-10', ['消防'], 0],
    ]);
  });
});

describe('enforcement case stages', () => {
  it('moves one stage forward, closes early from 立案/调查, never reopens', () => {
    expect(nextStages('filed')).toEqual(['investigating', 'closed']);
    expect(() => checkCaseTransition('filed', 'decided')).toThrow(EnforceError);
    expect(() => checkCaseTransition('closed', 'filed')).toThrow(EnforceError);
    expect(() => checkCaseTransition('decided', 'executing')).not.toThrow();
  });
});

describe('the repeated-inspection monitor over columns', () => {
  it('gives the same alerts as the object version on random inspections (many seeds)', async () => {
    const { mulberry32 } = await import('@gongfu/engine');
    const { repeatedInspectionColumns } = await import('@gongfu/engine/enforce');
    const DEPTS = ['MS', 'EE', 'FS', 'ZH', 'YJ'];
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = mulberry32(seed);
      const facts = [];
      for (let k = 0; k < 300; k++) {
        const date = new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 120) * 86_400_000).toISOString().slice(0, 10);
        const objectId = String(1 + Math.floor(rnd() * 12));
        const joint = rnd() < 0.2;
        const ds = joint ? DEPTS.filter(() => rnd() < 0.5).concat('MS') : [DEPTS[Math.floor(rnd() * 5)]!];
        for (const d of new Set(ds))
          facts.push({ id: String(k + 1), objectId, date, department: d, jointPlanId: joint ? String(k + 1) : null });
      }
      const rules = { days: 5 + Math.floor(rnd() * 40), maxDepartments: 1 + Math.floor(rnd() * 3) };
      const sorted = [...facts].sort(
        (a, b) => Number(a.objectId) - Number(b.objectId) || dayNumber(a.date) - dayNumber(b.date) || Number(a.id) - Number(b.id),
      );
      const cols = {
        n: sorted.length,
        object: Int32Array.from(sorted, (f) => Number(f.objectId)),
        day: Int32Array.from(sorted, (f) => dayNumber(f.date)),
        visitor: Int32Array.from(sorted, (f) => (f.jointPlanId ? -Number(f.id) : 1 + DEPTS.indexOf(f.department))),
        department: Int32Array.from(sorted, (f) => DEPTS.indexOf(f.department)),
        inspection: Int32Array.from(sorted, (f) => Number(f.id)),
      };
      const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
      const fromColumns = repeatedInspectionColumns(cols, rules).map((a) => ({
        objectId: String(a.object),
        from: iso(a.fromDay),
        to: iso(a.toDay),
        departments: a.departments.map((d) => DEPTS[d]!).sort(),
        inspectionIds: [...a.inspections].map(String).sort(),
      }));
      const expected = repeatedInspections(facts, rules)
        .map((a) => ({ ...a, inspectionIds: [...new Set(a.inspectionIds)].sort() }))
        .sort((a, b) => Number(a.objectId) - Number(b.objectId) || a.from.localeCompare(b.from));
      expect(fromColumns, `seed ${seed}`).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  });
});
