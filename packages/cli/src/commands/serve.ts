/**
 * `gongfu serve`: the declaration only (names, options, help). The implementation in ../actions/serve.ts is
 * loaded when a command runs, so `gongfu --help` loads neither the server nor the engine.
 */
import type { Command } from 'commander';
import { lazy, type CliModule } from '../module.js';

const load = () => import('../actions/serve.js');

export const commands: CliModule = {
  id: 'serve',
  register(program: Command, run) {
    program
      .command('serve')
      .description('start the API and web app')
      .option('-p, --port <port>', 'port (default PORT or 8080)')
      .option('--host <host>', 'interface to listen on (default GONGFU_HOST or 127.0.0.1; 0.0.0.0 for every interface)')
      .option('--demo', 'load the demo first if it is not loaded yet')
      .action(run(lazy(load, 'serve')));
  },
};
