/**
 * `gongfu audit verify | checkpoint | keygen`: the hash chain and its signed checkpoints outside
 * the database (docs/security.md). verify exits non-zero when the chain is broken or disagrees with
 * the latest checkpoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  checkAgainstCheckpoint,
  generateAuditKey,
  loadConfig,
  loadPrivateKey,
  loadPublicKey,
  parseSinks,
  readCheckpointFile,
  verifyAudit,
  writeCheckpoint,
} from '@gongfu/server';
import { withStore } from '../context.js';
import { progress } from '../output.js';

interface VerifyOptions {
  checkpoints?: string;
  publicKey?: string;
}

/** The checkpoint file to check against: --checkpoints, else the first file: destination configured. */
function checkpointFile(options: VerifyOptions): string | undefined {
  if (options.checkpoints) return options.checkpoints;
  return parseSinks(loadConfig().auditCheckpoints).find((s) => s.kind === 'file')?.path;
}

export async function auditVerify(options: VerifyOptions = {}): Promise<void> {
  await withStore(async ({ store }) => {
    const bar = progress('verify');
    const report = await verifyAudit(store.db, (done, total) => bar.update(done, total));
    bar.stop();
    for (const p of report.problems) console.error(`  #${p.seq} ${p.problem}: ${p.detail}`);
    const file = checkpointFile(options);
    const keyFile = options.publicKey ?? loadConfig().auditKeyFile;
    let checkpointProblems = 0;
    if (file && keyFile) {
      const latest = readCheckpointFile(file).at(-1);
      if (!latest) {
        console.error(`  没有检查点 / no checkpoint in ${file}`);
        checkpointProblems++;
      } else {
        const problems = await checkAgainstCheckpoint(store.db, latest, loadPublicKey(keyFile));
        for (const p of problems) console.error(`  checkpoint #${p.seq} ${p.problem}: ${p.detail}`);
        checkpointProblems += problems.length;
        if (!problems.length) console.log(`与检查点一致 / matches the checkpoint of ${latest.at} (entry ${latest.seq})`);
      }
    } else {
      console.log(
        '未配置检查点（GONGFU_AUDIT_KEY、GONGFU_AUDIT_CHECKPOINTS）：只校验了哈希链 / no checkpoints configured: the hash chain alone was checked',
      );
    }
    if (report.ok && checkpointProblems === 0) {
      console.log(`审计日志完整 / audit log intact: ${report.count} entries, head ${report.head}`);
      return;
    }
    throw new Error(
      `审计日志已被篡改 / audit log tampered: ${report.problems.length + checkpointProblems} problem(s) in ${report.count} entries`,
    );
  });
}

export async function auditCheckpoint(): Promise<void> {
  const config = loadConfig();
  if (!config.auditKeyFile || !config.auditCheckpoints) {
    throw new Error('需要 GONGFU_AUDIT_KEY 和 GONGFU_AUDIT_CHECKPOINTS / set GONGFU_AUDIT_KEY and GONGFU_AUDIT_CHECKPOINTS');
  }
  await withStore(async ({ store }) => {
    const c = await writeCheckpoint(store.db, loadPrivateKey(config.auditKeyFile!), parseSinks(config.auditCheckpoints));
    console.log(`检查点已写入 / checkpoint written: entry ${c.seq}, ${c.at}`);
  });
}

export async function auditKeygen(file: string): Promise<void> {
  if (fs.existsSync(file)) throw new Error(`文件已存在 / file exists: ${file}`);
  const { privateKeyPem, publicKeyPem } = generateAuditKey();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(`${file}.pub`, publicKeyPem, { mode: 0o644 });
  console.log(`私钥 / private key: ${file}（请存放在数据目录与数据库备份之外 / keep it outside the data folder and database backups）`);
  console.log(`公钥 / public key: ${file}.pub`);
}
