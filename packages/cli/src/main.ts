#!/usr/bin/env node
/** `gongfu`: run the server, load the demo, manage the database, import and export data. */
import { Command, Option } from 'commander';
import { VERSION } from '@gongfu/server';
import { serve } from './commands/serve.js';
import { dbBackup, dbMigrate, dbRestore, demo, exportFile, importFile } from './commands/data.js';
import { printError } from './output.js';

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

program.command('demo').description('load the Keqiao demo (regions, outlines, sourced figures, labelled synthetic series)').action(run(demo));

const db = program.command('db').description('database maintenance');
db.command('migrate').description('apply pending migrations').action(run(dbMigrate));
db.command('backup <file>').description('write all data to a backup file (gzip)').action(run(dbBackup));
db.command('restore <file>').description('replace all data with a backup').option('-y, --yes', 'confirm replacing all data').action(run(dbRestore));

program.command('import <file>').description('import observations from .xlsx or .csv (all or nothing)')
  .option('-n, --dry-run', 'validate and preview only')
  .addOption(new Option('--status <status>', 'status for rows without one').choices(['preliminary', 'final']))
  .option('--source <text>', 'source for rows without one (default: the file name)')
  .option('--note <text>', 'note stored with the batch')
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
  .action(run(exportFile));

await program.parseAsync();
