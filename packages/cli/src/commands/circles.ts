/**
 * `gongfu circles run | demo | indicators` (formerly `access`, `access-demo`, `access-indicators`):
 * the declaration only (names, options, help). The implementation in ../actions/circles.ts is loaded
 * when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import { Option, type Command } from 'commander';
// a constant: synthetic.ts imports the engine for types only, so nothing heavy loads here
import { DEFAULT_PEOPLE_PER_KM } from '@gongfu/server/circles/synthetic';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/circles.js');

const runOptions = (cmd: Command) =>
  cmd
    .requiredOption('--network <file>', 'OpenStreetMap extract (.osm.pbf or .osm)')
    .option(
      '--facilities <file|osm>',
      'facility list (.xlsx/.csv/.geojson: 名称 name, 类别 category, 经度 lon, 纬度 lat, 容量 capacity) or "osm" for the extract’s tags',
      'osm',
    )
    .option(
      '--residents <file>',
      'resident points (经度 lon, 纬度 lat, 人口 population, 区划代码 region); omitted: synthetic points per network node, labelled synthetic',
    )
    .option('--preset <file>', 'edited preset JSON (categories and level thresholds); default GB 50180-2018 + Zhejiang')
    .addOption(new Option('--mode <mode>', 'travel mode of the network').choices(['walking', 'cycling', 'driving']).default('walking'))
    .addOption(
      new Option('--datum <datum>', 'datum of coordinates in the facility/resident files')
        .choices(['wgs84', 'gcj02', 'bd09'])
        .default('wgs84'),
    )
    .option('--levels <ids>', 'level ids, comma-separated (default: every level of the mode)')
    .option('--people-per-km <n>', `synthetic residents per km of road (default ${DEFAULT_PEOPLE_PER_KM})`)
    .requiredOption('-o, --out <file>', 'report.xlsx, report.geojson or report.json');

const indicatorOptions = (cmd: Command) =>
  cmd
    .requiredOption('--period <year>', 'year, e.g. 2025')
    .option('--level <id>', 'preset level (default gb50180-15min)')
    .addOption(new Option('--status <status>', 'observation status').choices(['preliminary', 'final']).default('final'));

/** `gongfu circles run|demo|indicators`; the old top-level spellings stay as hidden aliases for one release. */
export const commands: CliModule = {
  id: 'circles',
  register(program: Command, run) {
    const circles = program.command('circles').description('15分钟公共服务圈 (15-minute public service circles)');
    const runCoverage = run(lazy(load, 'runCoverage'));
    const loadDemo = run(lazy(load, 'loadDemo'));
    const writeIndicators = run(lazy(load, 'writeIndicators'));
    runOptions(circles.command('run').description('coverage from an OSM extract and point files, offline (no server or database)')).action(
      runCoverage,
    );
    circles
      .command('demo')
      .description('load the Monaco and Helsinki OSM demos (OSM facilities, synthetic residents, stored runs)')
      .action(loadDemo);
    indicatorOptions(
      circles
        .command('indicators <run>')
        .description('write a stored run’s coverage per region as SERVICE_CIRCLE_COVERAGE (15分钟公共服务圈覆盖率)'),
    ).action(writeIndicators);

    const deprecated = (instead: string) => `deprecated: use \`gongfu circles ${instead}\` (removed in the next release)`;
    runOptions(program.command('access', { hidden: true }).description(deprecated('run'))).action(runCoverage);
    program.command('access-demo', { hidden: true }).description(deprecated('demo')).action(loadDemo);
    indicatorOptions(program.command('access-indicators <run>', { hidden: true }).description(deprecated('indicators'))).action(
      writeIndicators,
    );
  },
};
