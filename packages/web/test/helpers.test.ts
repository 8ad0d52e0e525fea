import { describe, expect, it } from 'vitest';
import { filtersFromQuery, filtersToApi, filtersToQuery } from '../src/views/data/filters';
import { issuesCsv, issuesOf } from '../src/views/data/import/issues';
import { latestPerSubject, orderCards, orderCodes } from '../src/views/home/cards';
import { ApiError } from '../src/api/http';
import type { IndicatorSummaryItem, Observation } from '../src/api/types';
import { toCsv } from '../src/utils/csv';
import { formatValue } from '../src/utils/format';
import { passwordProblems, passwordRuleStates } from '../src/utils/password';
import { ancestorsOf, defaultRegion, toNode } from '../src/utils/regions';
import { buildTree } from '../src/utils/tree';

describe('data-browser filters', () => {
  it('round-trips through the URL and maps "include below" to region vs subject', () => {
    const f = filtersFromQuery({ indicator: 'GDP,INCOME_PC', region: '330603003000', from: '2020', to: '2024' }, '330603000000');
    expect(f).toEqual({ indicators: ['GDP', 'INCOME_PC'], region: '330603003000', below: true, from: '2020', to: '2024', batch: null });
    expect(filtersFromQuery(filtersToQuery(f), null)).toEqual(f);
    expect(filtersToApi(f)).toEqual({
      indicator: 'GDP,INCOME_PC',
      region: '330603003000',
      subject: undefined,
      from: '2020',
      to: '2024',
      batch: undefined,
    });
    expect(filtersToApi({ ...f, below: false })).toMatchObject({ region: undefined, subject: '330603003000' });
  });

  it('uses the default region, except for a batch link which shows the whole batch', () => {
    expect(filtersFromQuery({}, '330603000000').region).toBe('330603000000');
    expect(filtersFromQuery({ batch: '7' }, '330603000000')).toMatchObject({ region: null, batch: 7 });
    expect(filtersFromQuery({ batch: 'x' }, '330603000000')).toMatchObject({ region: '330603000000', batch: null });
    expect(filtersToApi(filtersFromQuery({ batch: '7' }, null))).toMatchObject({ batch: 7, region: undefined, subject: undefined });
  });
});

describe('import error report', () => {
  const issues = [
    { sheet: '数据', row: 2, column: 'C', code: 'VALUE_NOT_NUMBER', zh: '不是数字：abc', en: 'Not a number: abc' },
    { sheet: null, row: null, column: null, code: 'EMPTY', zh: '空文件, "无数据"', en: 'Empty' },
  ];

  it('reads the issues of a rejected import', () => {
    expect(issuesOf(new ApiError(422, 'IMPORT_INVALID', { zh: '', en: '' }, { issues, issueCount: 812 }))).toEqual({
      issues,
      issueCount: 812,
    });
    expect(issuesOf(new ApiError(403, 'FORBIDDEN', { zh: '', en: '' }))).toBeNull();
    expect(issuesOf(new Error('x'))).toBeNull();
  });

  it('writes them as Excel-friendly CSV in the interface language', () => {
    const csv = issuesCsv(issues, 'zh-CN', ['工作表', '行', '列', '错误代码', '说明']);
    expect(csv).toBe('\ufeff工作表,行,列,错误代码,说明\r\n数据,2,C,VALUE_NOT_NUMBER,不是数字：abc\r\n,,,EMPTY,"空文件, ""无数据"""\r\n');
    expect(issuesCsv(issues, 'en', ['a', 'b', 'c', 'd', 'e'])).toContain('Not a number: abc');
    expect(toCsv([['a\nb', 1, null]])).toBe('\ufeff"a\nb",1,\r\n');
  });
});

describe('formatting', () => {
  it('formats values', () => {
    expect(formatValue(2252.28, 2, 'zh-CN')).toBe('2,252.28');
    expect(formatValue(1.6480001, 3, 'en')).toBe('1.648');
  });

  it('checks the password policy like the server does', () => {
    expect(passwordProblems('short')).toEqual(['length', 'classes']);
    expect(passwordProblems('alllowercase1')).toEqual(['classes']);
    // nothing typed: no rule shows as met (they were all green before anything was typed)
    expect(passwordRuleStates('')).toEqual({ length: 'pending', classes: 'pending', username: 'pending' });
    expect(passwordRuleStates('alllowercase1', 'admin')).toEqual({ length: 'ok', classes: 'bad', username: 'ok' });
    expect(passwordProblems('Admin-2025-x', 'admin')).toEqual(['username']);
    expect(passwordProblems('Keqiao-Gongfu-2025', 'admin')).toEqual([]);
  });
});

describe('regions, departments and cockpit cards', () => {
  it('builds tree nodes and ancestors from region paths', () => {
    const r = {
      code: '330603003000',
      name: '华舍街道',
      nameEn: 'Huashe',
      level: 'town' as const,
      parentCode: '330603000000',
      path: '/330000000000/330600000000/330603000000/330603003000/',
      hasBoundary: false,
      childCount: 20,
    };
    expect(toNode(r, 'zh-CN')).toEqual({ code: '330603003000', label: '华舍街道', leaf: false, level: 'town' });
    expect(toNode({ ...r, childCount: 0 }, 'en')).toMatchObject({ label: 'Huashe', leaf: true });
    expect(toNode({ ...r, nameEn: null }, 'en').label).toBe('华舍街道');
    expect(ancestorsOf(r.path)).toEqual(['330000000000', '330600000000', '330603000000']);
    expect(defaultRegion('330603003000')).toBe('330603003000');
    expect(defaultRegion(null)).toBe('330603000000');
  });

  it('builds the department tree', () => {
    const tree = buildTree([
      { id: 1, parentId: null, name: '区政府' },
      { id: 2, parentId: 1, name: '发改局' },
      { id: 3, parentId: 2, name: '共富办' },
      { id: 4, parentId: 99, name: 'orphan' },
    ]);
    expect(tree.map((n) => n.name)).toEqual(['区政府', 'orphan']);
    expect(tree[0].children[0].children[0].name).toBe('共富办');
  });

  it('orders cards with the key indicators first, and ranks children by their latest period', () => {
    const item = (code: string) => ({ indicatorCode: code }) as IndicatorSummaryItem;
    expect(orderCards([item('ZZZ'), item('INCOME_RATIO'), item('GDP'), item('AAA')]).map((i) => i.indicatorCode)).toEqual([
      'GDP',
      'INCOME_RATIO',
      'AAA',
      'ZZZ',
    ]);
    expect(orderCodes(['X', 'INDUSTRIAL_OUTPUT', 'INCOME_PC'])).toEqual(['INCOME_PC', 'INDUSTRIAL_OUTPUT', 'X']);
    const o = (subjectCode: string, period: string, value: number) => ({ subjectCode, period, value }) as Observation;
    expect(
      latestPerSubject([o('a', '2024', 1), o('b', '2025', 2), o('a', '2025', 3), o('c', '2023', 9)]).map((x) => x.subjectCode),
    ).toEqual(['a', 'b']);
  });
});

describe('formatTime', () => {
  it('shows an instant in Asia/Shanghai, not UTC', async () => {
    const { formatTime } = await import('../src/utils/time');
    expect(formatTime('2026-12-03T13:27:15.438Z')).toBe('2026-12-03 21:27:15');
    expect(formatTime('2026-12-31T16:00:00Z', 'minutes')).toBe('2027-01-01 00:00');
    expect(formatTime('2026-06-30T23:59:59+08:00')).toBe('2026-06-30 23:59:59');
    expect(formatTime(null)).toBe('—');
  });
});
