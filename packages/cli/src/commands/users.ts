/**
 * `gongfu user add | passwd | disable | token`: the declaration only (names, options, help). The implementation in ../actions/users.ts is
 * loaded when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import type { Command } from 'commander';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/users.js');

export const commands: CliModule = {
  id: 'users',
  register(program: Command, run) {
    const user = program.command('user').description('user accounts (passwords are one-time and must be changed at first login)');
    user
      .command('add <username>')
      .description('create a user and print a one-time password')
      .option('--name <display name>', 'display name')
      .option('--region <code>', "the user's region (data scope is relative to it)")
      .option(
        '--role <code>',
        'role (repeatable): admin, analyst, town_officer, leader, auditor',
        (v: string, all: string[]) => [...all, v],
        [] as string[],
      )
      .action(run(lazy(load, 'userAdd')));
    user
      .command('passwd <username>')
      .description('reset a password to a new one-time password; ends all sessions')
      .action(run(lazy(load, 'userPasswd')));
    user
      .command('disable <username>')
      .description('disable a user and end their sessions')
      .option('--enable', 'enable again instead')
      .action(run(lazy(load, 'userDisable')));
    user
      .command('token <username>')
      .description('create a personal API token for the CLI and automation')
      .requiredOption('--name <name>', 'what the token is for')
      .option('--days <n>', 'expire after n days (default 90)')
      .action(run(lazy(load, 'userToken')));
  },
};
