/**
 * Test entry for the access commands while main.ts does not register them yet: the same commander
 * setup as main.ts with only registerAccessCommands. access.test.ts uses the real main.ts as soon
 * as it calls registerAccessCommands.
 */
import { Command } from 'commander';
import { registerAccessCommands } from '../src/commands/access.js';

const program = new Command('gongfu');
registerAccessCommands(program);
await program.parseAsync();
