#!/usr/bin/env node
/** `gongfu`: run the server, load the demo, manage the database, import and export data. */
import fs from 'node:fs';
import { Command } from 'commander';
import { VERSION } from '@gongfu/server/version';
import { run, type CliModule } from './module.js';

const program = new Command('gongfu')
  .description('共富 Gongfu — county platform for high-quality development and common prosperity')
  .version(VERSION)
  // options after a command's name are that command's: `assess validate S --data T` reaches validate
  .enablePositionalOptions()
  .addHelpText(
    'after',
    '\nEnvironment: GONGFU_DATA (embedded database folder, default ./data), DATABASE_URL (PostgreSQL), PORT (default 8080)',
  );

// Every file in commands/ is a CLI module (.ts when run from source, .js from dist).
const COMMANDS = new URL('./commands/', import.meta.url);
const files = fs
  .readdirSync(COMMANDS)
  .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
  .sort();
for (const file of files) {
  const { commands } = (await import(new URL(file, COMMANDS).href)) as { commands?: CliModule };
  if (!commands) throw new Error(`commands/${file} exports no \`commands: CliModule\``);
  commands.register(program, run);
}

await program.parseAsync();
