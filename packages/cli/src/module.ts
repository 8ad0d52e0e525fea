/**
 * The shape of a CLI module: each file in commands/ exports `commands: CliModule` and is found by
 * main.ts at start-up, so a new module adds only its own file.
 */
import type { Command } from 'commander';
import { printError } from './output.js';

/** Wraps a command action: prints any error bilingually and exits non-zero. */
export type Run = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => (...args: unknown[]) => Promise<void>;

export interface CliModule {
  /** the module id (matches the server module where there is one) */
  id: string;
  /** adds the module's commands to the `gongfu` program */
  register(program: Command, run: Run): void;
}

export const run: Run =
  (fn) =>
  async (...args) => {
    try {
      await fn(...(args as Parameters<typeof fn>));
    } catch (err) {
      printError(err);
      process.exit(1);
    }
  };
