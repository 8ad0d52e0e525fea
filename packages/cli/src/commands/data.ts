/**
 * `gongfu demo`, `boundaries`, `db migrate | backup | restore`, `import`, `export`: the declaration only (names, options, help). The implementation in ../actions/data.ts is
 * loaded when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import { Option, type Command } from 'commander';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/data.js');

export const commands: CliModule = {
  id: 'data',
  register(program: Command, run) {
    program
      .command('demo')
      .description(
        'load the demo: Keqiao regions, outlines, sourced figures, labelled synthetic series, illustrative assessment schemes, OSM accessibility demos',
      )
      .action(run(lazy(load, 'demo')));

    program
      .command('boundaries <file>')
      .description(
        'load region outlines (polygons) or centroids (points) from GeoJSON or a zipped shapefile (features carry code, adcode or XZQDM); reports codes that match no region',
      )
      .addOption(
        new Option('--datum <datum>', 'datum of the file (auto: from the .prj, else fitted to the parent outline)')
          .choices(['auto', 'wgs84', 'gcj02', 'bd09'])
          .default('gcj02'),
      )
      .option('--dry-run', 'report matches and unmatched codes, store nothing')
      .requiredOption('--source <text>', 'where the outlines come from (attribution)')
      .action(run(lazy(load, 'boundaries')));

    const db = program.command('db').description('database maintenance');
    db.command('migrate')
      .description('apply pending migrations')
      .action(run(lazy(load, 'dbMigrate')));
    db.command('backup <file>')
      .description('write all data to a backup file (gzip)')
      .action(run(lazy(load, 'dbBackup')));
    db.command('restore <file>')
      .description('replace all data with a backup (recorded in the audit log)')
      .option('-y, --yes', 'confirm replacing all data')
      .option('--allow-audit-rollback', 'restore even if the backup lacks newer audit entries (recorded)')
      .action(run(lazy(load, 'dbRestore')));

    program
      .command('import <file>')
      .description('import observations from .xlsx or .csv (all or nothing)')
      .option('-n, --dry-run', 'validate and preview only')
      .addOption(new Option('--status <status>', 'status for rows without one').choices(['preliminary', 'final']))
      .option('--source <text>', 'source for rows without one (default: the file name)')
      .option('--note <text>', 'note stored with the batch')
      .option('--server <url>', 'import through a running server (or GONGFU_SERVER)')
      .option('--token <token>', 'API token for --server (or GONGFU_TOKEN)')
      .action(run(lazy(load, 'importFile')));

    program
      .command('export')
      .description('export current observations to .xlsx or .csv')
      .requiredOption('-o, --out <file>', 'output file (.xlsx or .csv)')
      .addOption(new Option('--format <format>', 'file format (default from the extension)').choices(['xlsx', 'csv']))
      .addOption(
        new Option('--layout <layout>', 'long: one value per row; wide: indicators as columns').choices(['long', 'wide']).default('long'),
      )
      .addOption(new Option('--lang <lang>', 'header language').choices(['zh', 'en']).default('zh'))
      .option('--indicator <codes>', 'indicator codes, comma-separated')
      .option('--region <code>', 'region code (includes everything below it)')
      .option('--from <period>', 'first period')
      .option('--to <period>', 'last period')
      .option('--server <url>', 'export through a running server (or GONGFU_SERVER)')
      .option('--token <token>', 'API token for --server (or GONGFU_TOKEN)')
      .action(run(lazy(load, 'exportFile')));
  },
};
