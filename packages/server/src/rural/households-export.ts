/**
 * The low-income household register as a workbook (or CSV), in two kinds:
 * - with clear personal data, for a user with `rural:pii` who gives a reason (`personal`);
 * - masked (张*明, 330603********1234, 138****5678) for any reader of the register, the same
 *   values every list shows.
 * Both are watermarked with the exporter's name and the Shanghai time on the first row and in the
 * printed header and footer, and each writes one audit entry recording who, how many and where (and
 * why, for personal data). The lists stay masked; the personal export is the only bulk path to
 * clear values.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { actorNameOf } from '../audit/names.js';
import { auditExport } from '../audit/service.js';
import { one, type Db } from '../db/store.js';
import { renderTables, type ExportFormat, type OutCell } from '../exports/table-writer.js';
import { shanghaiIso } from '../util/local-time.js';
import { decrypt } from './crypto.js';
import { householdSecretsUnder } from './repository.js';
import { areaOf, householdList } from './service.js';

type Lang = 'zh' | 'en';

const RISKS: Record<string, Record<Lang, string>> = {
  income_drop: { zh: '收入下降', en: 'income drop' },
  below_line: { zh: '低于收入线', en: 'below the income line' },
  illness: { zh: '大病', en: 'serious illness' },
  disability: { zh: '残疾', en: 'disability' },
  disaster: { zh: '灾害', en: 'disaster' },
};
const STATUS: Record<string, Record<Lang, string>> = { active: { zh: '在册', en: 'active' }, exited: { zh: '已退出', en: 'exited' } };

const HEADER: Record<Lang, string[]> = {
  zh: [
    '户编号',
    '镇街',
    '村社',
    '户主姓名',
    '身份证号',
    '联系电话',
    '家庭人口',
    '年度',
    '人均可支配收入（元）',
    '较上年增长',
    '风险',
    '帮扶措施',
    '状态',
    '合成数据',
  ],
  en: [
    'household',
    'town',
    'village',
    'head',
    'id_number',
    'phone',
    'members',
    'year',
    'per_capita_income',
    'growth',
    'risks',
    'measures',
    'status',
    'synthetic',
  ],
};

/** The watermark line: who exported (personal or masked data) and when, and that it stays inside the office. */
export function watermarkText(name: string, at: Date, lang: Lang, personal = true): string {
  const time = shanghaiIso(at.toISOString()).slice(0, 16).replace('T', ' ');
  const kind = personal ? { zh: '个人信息', en: 'Personal data' } : { zh: '已脱敏', en: 'Masked' };
  return lang === 'zh'
    ? `${kind.zh} · 导出人：${name} · 导出时间：${time}（北京时间）· 仅限帮扶工作使用，不得外传`
    : `${kind.en} · exported by ${name} at ${time} (Beijing time) · for support work only, do not pass on`;
}

export async function exportHouseholds(
  db: Db,
  actor: Actor,
  q: { year: number; region?: string; format: ExportFormat; lang: Lang } & ({ personal: true; reason: string } | { personal: false }),
  now = new Date(),
): Promise<{ bytes: Buffer; fileName: string }> {
  const area = await areaOf(db, actor, q.region);
  const listed = await householdList(db, actor, { year: q.year, region: area.code, page: 1, pageSize: 100_000 });
  // clear values are decrypted only for the personal export (its route requires rural:pii)
  const secrets = q.personal ? new Map((await householdSecretsUnder(db, actor, area.path)).map((s) => [s.id, s])) : null;
  const name = (await one<{ name: string }>(db, sql`select ${actorNameOf(sql`${actor.id}`)} as name`))!.name;
  const yes = q.lang === 'zh' ? '是' : 'yes';
  const rows: OutCell[][] = listed.items.map((h) => {
    const s = secrets?.get(h.id);
    return [
      h.code,
      h.townName,
      h.villageName,
      s ? decrypt(s.nameEnc) : h.nameMasked,
      s ? decrypt(s.idEnc) : h.idMasked,
      s ? (s.phoneEnc ? decrypt(s.phoneEnc) : null) : h.phoneMasked,
      h.members,
      q.year,
      h.perCapita === null ? null : Math.round(h.perCapita),
      h.growth === null ? null : Math.round(h.growth * 10_000) / 10_000,
      h.risks.map((r) => RISKS[r]?.[q.lang] ?? r).join(q.lang === 'zh' ? '、' : ', '),
      h.measures,
      STATUS[h.status]?.[q.lang] ?? h.status,
      h.synthetic ? yes : null,
    ];
  });
  const watermark = watermarkText(name, now, q.lang, q.personal);
  const { bytes, rows: count } = await renderTables(q.format, [
    { name: `${q.year}${q.lang === 'zh' ? '年低收入农户' : ' households'}`, header: HEADER[q.lang], rows: [rows], watermark },
  ]);
  await auditExport(db, actor, {
    action: q.personal ? 'rural.households.export' : 'rural.households.export_masked',
    target: `region:${area.code}`,
    after: { year: q.year, region: area.code, rows: count, format: q.format, ...(q.personal ? { reason: q.reason } : {}), watermark },
  });
  const base =
    q.lang === 'zh'
      ? `${area.name}${q.year}年低收入农户（${q.personal ? '含个人信息' : '已脱敏'}）`
      : `households-${area.code}-${q.year}${q.personal ? '' : '-masked'}`;
  return { bytes, fileName: `${base}.${q.format}` };
}
