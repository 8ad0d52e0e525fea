/**
 * The shape of a CLI module: each file in commands/ exports `commands: CliModule` and is found by
 * main.ts at start-up, so a new module adds only its own file. A command file only declares
 * (names, options, help) and loads its implementation with `lazy` when the command runs: `gongfu
 * --help` must not load the server or the engine (test/startup.test.ts).
 */
import type { Command } from 'commander';

/** Wraps a command action: prints any error bilingually and exits non-zero. */
export type Run = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => (...args: unknown[]) => Promise<void>;

export interface CliModule {
  /** the module id (matches the server module where there is one) */
  id: string;
  /** adds the module's commands to the `gongfu` program */
  register(program: Command, run: Run): void;
}

type Action = (...args: never[]) => Promise<void>;

/** An action whose module is imported only when it runs: `lazy(() => import('../actions/x.js'), 'name')`. */
export const lazy =
  <M extends Record<K, Action>, K extends keyof M>(load: () => Promise<M>, name: K) =>
  async (...args: Parameters<M[K]>): Promise<void> => {
    const module = await load();
    await module[name](...args);
  };

export const run: Run =
  (fn) =>
  async (...args) => {
    try {
      await fn(...(args as Parameters<typeof fn>));
    } catch (err) {
      // output.ts (and AppError) load only when there is an error to print
      const { printError } = await import('./output.js');
      printError(err);
      process.exit(1);
    }
  };
