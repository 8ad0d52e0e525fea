#!/usr/bin/env node
/** `gongfu`: run the server, load the demo, manage the database, import and export data. */
import { Command, Option } from 'commander';
import { VERSION } from '@gongfu/server';
import { serve } from './commands/serve.js';
import { boundaries, dbBackup, dbMigrate, dbRestore, demo, exportFile, importFile } from './commands/data.js';
import { printError } from './output.js';
import { registerCirclesCommands } from './commands/circles.js';
import { auditVerify, userAdd, userDisable, userPasswd, userToken } from './commands/users.js';
import { registerAssessCommand } from './commands/assess.js';

const program = new Command('gongfu')
  .description('共富 Gongfu — county platform for high-quality development and common prosperity')
  .version(VERSION)
  .addHelpText('after', '\nEnvironment: GONGFU_DATA (embedded database folder, default ./data), DATABASE_URL (PostgreSQL), PORT (default 8080)');

const run = (fn: (...args: never[]) => Promise<void>) => async (...args: unknown[]) => {
  try {
    await fn(...(args as never[]));
  } catch (err) {
    printError(err);
    process.exit(1);
  }
};

program.command('serve').description('start the API and web app')
  .option('-p, --port <port>', 'port (default PORT or 8080)')
  .option('--host <host>', 'interface to listen on (default 0.0.0.0)')
  .option('--demo', 'load the Keqiao demo first if it is not loaded yet')
  .action(run(serve));

program.command('demo').description('load the demo: Keqiao regions, outlines, sourced figures, labelled synthetic series, illustrative assessment schemes, OSM accessibility demos').action(run(demo));

program.command('boundaries <file>').description('load region outlines from GeoJSON (features carry code or adcode); reports codes that match no region')
  .addOption(new Option('--datum <datum>', 'datum of the file').choices(['wgs84', 'gcj02', 'bd09']).default('gcj02'))
  .requiredOption('--source <text>', 'where the outlines come from (attribution)')
  .action(run(boundaries));

const db = program.command('db').description('database maintenance');
db.command('migrate').description('apply pending migrations').action(run(dbMigrate));
db.command('backup <file>').description('write all data to a backup file (gzip)').action(run(dbBackup));
db.command('restore <file>').description('replace all data with a backup (recorded in the audit log)').option('-y, --yes', 'confirm replacing all data')
  .option('--allow-audit-rollback', 'restore even if the backup lacks newer audit entries (recorded)').action(run(dbRestore));

program.command('import <file>').description('import observations from .xlsx or .csv (all or nothing)')
  .option('-n, --dry-run', 'validate and preview only')
  .addOption(new Option('--status <status>', 'status for rows without one').choices(['preliminary', 'final']))
  .option('--source <text>', 'source for rows without one (default: the file name)')
  .option('--note <text>', 'note stored with the batch')
  .option('--server <url>', 'import through a running server (or GONGFU_SERVER)')
  .option('--token <token>', 'API token for --server (or GONGFU_TOKEN)')
  .action(run(importFile));

program.command('export').description('export current observations to .xlsx or .csv')
  .requiredOption('-o, --out <file>', 'output file (.xlsx or .csv)')
  .addOption(new Option('--format <format>', 'file format (default from the extension)').choices(['xlsx', 'csv']))
  .addOption(new Option('--layout <layout>', 'long: one value per row; wide: indicators as columns').choices(['long', 'wide']).default('long'))
  .addOption(new Option('--lang <lang>', 'header language').choices(['zh', 'en']).default('zh'))
  .option('--indicator <codes>', 'indicator codes, comma-separated')
  .option('--region <code>', 'region code (includes everything below it)')
  .option('--from <period>', 'first period')
  .option('--to <period>', 'last period')
  .option('--server <url>', 'export through a running server (or GONGFU_SERVER)')
  .option('--token <token>', 'API token for --server (or GONGFU_TOKEN)')
  .action(run(exportFile));

const user = program.command('user').description('user accounts (passwords are one-time and must be changed at first login)');
user.command('add <username>').description('create a user and print a one-time password')
  .option('--name <display name>', 'display name')
  .option('--region <code>', 'the user\'s region (data scope is relative to it)')
  .option('--role <code>', 'role (repeatable): admin, analyst, town_officer, leader, auditor', (v: string, all: string[]) => [...all, v], [] as string[])
  .action(run(userAdd));
user.command('passwd <username>').description('reset a password to a new one-time password; ends all sessions').action(run(userPasswd));
user.command('disable <username>').description('disable a user and end their sessions').option('--enable', 'enable again instead').action(run(userDisable));
user.command('token <username>').description('create a personal API token for the CLI and automation')
  .requiredOption('--name <name>', 'what the token is for')
  .option('--days <n>', 'expire after n days (default 90)')
  .action(run(userToken));

program.command('audit').description('audit log').command('verify').description('recompute the hash chain; exits non-zero if any row was edited, deleted or reordered').action(run(auditVerify));

registerCirclesCommands(program);

registerAssessCommand(program, run as never);

await program.parseAsync();
