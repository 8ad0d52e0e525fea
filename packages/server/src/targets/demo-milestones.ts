/**
 * Demo of the 八大行动 task tree. REAL: the eight actions' names (seed article 《柯桥:全国“十强区”
 * 竞跑大赛道》: 共富强基、扩中提低、城乡共富、优质优享、文明示范、美丽生态、品质城市、平安共富) and the
 * count of 20 标志性成果. SYNTHETIC (labelled in names, rows and on screen): two tasks per action and
 * three milestones per task with owners, due dates across the year, 20 of them marked 标志性成果.
 * Idempotent (upserts on codes).
 */
import { fnv1a, mulberry32 } from '@gongfu/engine';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { insertMilestoneUnscoped, upsertActionUnscoped } from './milestone-repository.js';
import { writeMilestoneScoreboard } from './milestones.js';

export const EIGHT_ACTIONS = ['共富强基', '扩中提低', '城乡共富', '优质优享', '文明示范', '美丽生态', '品质城市', '平安共富'];
const SOURCE =
  '《柯桥:全国“十强区” 竞跑大赛道》（金燕翔）：大力实施共富强基、扩中提低、城乡共富、优质优享、文明示范、美丽生态、品质城市、平安共富等八大行动';
const LEAD = ['农业农村局', '人力社保局', '农业农村局', '教育体育局', '宣传部', '生态环境分局', '住建局', '政法委'];

export async function loadMilestonesDemo(
  db: Db,
  actor: Actor,
  o: { year: number; district: string; towns: { code: string; name: string }[]; today: string },
): Promise<string> {
  const rand = mulberry32(fnv1a(`milestones:${o.year}`));
  let n = 0;
  await audited(db, actor, async (tx) => {
    for (const [i, name] of EIGHT_ACTIONS.entries()) {
      const actionId = await upsertActionUnscoped(tx, {
        code: `KQ8-${i + 1}`,
        parentId: null,
        name: `${name}行动`,
        ownerUnit: LEAD[i],
        sort: i,
        sourceDocument: SOURCE,
        synthetic: false,
      });
      for (let t = 1; t <= 2; t++) {
        const taskId = await upsertActionUnscoped(tx, {
          code: `KQ8-${i + 1}-${t}`,
          parentId: actionId,
          name: `${name}任务${t}（合成）`,
          ownerUnit: LEAD[i],
          sort: t,
          sourceDocument: '',
          synthetic: true,
        });
        for (let k = 1; k <= 3; k++) {
          n++;
          const byTown = rand() < 0.6 && o.towns.length > 0;
          const town = o.towns[Math.floor(rand() * o.towns.length)];
          const month = 1 + Math.floor(rand() * 12);
          await insertMilestoneUnscoped(
            tx,
            {
              code: `KQ8-${o.year}-${i + 1}-${t}-${k}`,
              taskId,
              name: `${name}里程碑${t}-${k}（合成）`,
              ownerUnit: byTown ? town.name : LEAD[i],
              regionCode: byTown ? town.code : o.district,
              dueDate: `${o.year}-${String(month).padStart(2, '0')}-${month === 2 ? 28 : 30}`,
              // every other of the first 40: 20 标志性成果
              signature: n <= 40 && n % 2 === 1,
              synthetic: true,
            },
            actor.id,
          );
        }
      }
    }
    return { result: null, audit: { action: 'targets.demo', target: `milestones:${o.year}`, after: { milestones: n, synthetic: true } } };
  });
  await writeMilestoneScoreboard(db, actor, o.today, { synthetic: true });
  return `八大行动 ${o.year}: 8 actions (real names), 16 synthetic tasks, ${n} synthetic milestones (20 标志性成果)`;
}
