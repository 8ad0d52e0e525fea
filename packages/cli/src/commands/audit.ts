/**
 * `gongfu audit verify | checkpoint | keygen`: the declaration only (names, options, help). The implementation in ../actions/audit.ts is
 * loaded when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import type { Command } from 'commander';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/audit.js');

export const commands: CliModule = {
  id: 'audit',
  register(program: Command, run) {
    const audit = program.command('audit').description('audit log: hash chain and signed checkpoints');
    audit
      .command('verify')
      .description('recompute the hash chain and check it against the latest checkpoint; exits non-zero on any problem')
      .option('--checkpoints <file>', 'checkpoint file (default: the file: destination in GONGFU_AUDIT_CHECKPOINTS)')
      .option('--public-key <file>', 'public (or private) key to check signatures with (default GONGFU_AUDIT_KEY)')
      .action(run(lazy(load, 'auditVerify')));
    audit
      .command('checkpoint')
      .description('sign the current head and write it to GONGFU_AUDIT_CHECKPOINTS now')
      .action(run(lazy(load, 'auditCheckpoint')));
    audit
      .command('keygen <file>')
      .description('create the Ed25519 key pair that signs checkpoints (FILE and FILE.pub)')
      .action(run(lazy(load, 'auditKeygen')));
  },
};
