/**
 * `gongfu assess`, `assess validate`, `assess scheme-from-meta`: the declaration only (names, options,
 * help). The implementation in ../actions/assess.ts is loaded when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import { Option, type Command } from 'commander';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/assess.js');

export const commands: CliModule = {
  id: 'assess',
  register(program: Command, run) {
    // `assess` runs a scheme itself; its first operand, when it names a subcommand, picks that instead
    const assess = program
      .command('assess')
      // its own --data, --id … stop at a subcommand's name, so `assess validate S --data T` gives them to validate
      .enablePositionalOptions()
      .description('run an assessment scheme (JSON) on a table (.xlsx/.csv, one row per unit) without a server; write .xlsx, .csv or .json')
      .option('--scheme <file>', 'scheme JSON (e.g. a preset from packages/engine/src/assess/presets)')
      .option(
        '--meta <file>',
        'or: an indicator table (.xlsx/.csv: code, name, level, parent, direction, weight, target, unit) to build the scheme from',
      )
      .option('--data <file>', 'required: .xlsx or .csv: header row, one row per unit, a column per data column of the scheme')
      .option('-o, --out <file>', 'required: output: .xlsx (every table), .csv (ranking) or .json')
      .option('--id <column>', 'column with the unit id (default: the first column)')
      .option('--name <column>', 'column with the unit name')
      .option('--sheet <name>', 'worksheet (default: the first)')
      .addOption(new Option('--lang <lang>', 'language of the output headers').choices(['zh', 'en']).default('zh'))
      .action(run(lazy(load, 'assessFile')));
    assess
      .command('validate <scheme>')
      .description('check a scheme (and with --data, the table) and report every problem without running')
      .option('--data <file>', '.xlsx or .csv to check against the scheme')
      .option('--id <column>', 'column with the unit id (default: the first column)')
      .option('--name <column>', 'column with the unit name')
      .option('--sheet <name>', 'worksheet (default: the first)')
      .addOption(new Option('--lang <lang>', 'language of the messages').choices(['zh', 'en']).default('zh'))
      .action(run(lazy(load, 'validateFiles')));
    assess
      .command('scheme-from-meta <meta>')
      .description('build a scheme JSON from an indicator table (code, name, level, parent, direction, weight, target, unit)')
      .requiredOption('-o, --out <file>', 'the scheme JSON to write')
      .option('--id <id>', 'the scheme id (default: the file name)')
      .action(run(lazy(load, 'writeSchemeFromMeta')));
  },
};
