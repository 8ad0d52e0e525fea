/**
 * `gongfu doctor`: the declaration only (names, options, help). The implementation in ../actions/doctor.ts is
 * loaded when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import type { Command } from 'commander';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/doctor.js');

export const commands: CliModule = {
  id: 'doctor',
  register(program: Command, run) {
    program
      .command('doctor')
      .description('check this installation and say what to fix (exit code 1 on a failed check)')
      .option('--strict', 'warnings fail too')
      .action(run(lazy(load, 'doctor')));
  },
};
