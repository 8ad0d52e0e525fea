export { buildApp } from './app.js';
export { loadConfig, type Config } from './config.js';
export { openStore, type Store, type Db } from './db/store.js';
export { migrate, listMigrations } from './db/migrate.js';
export { grantAppRole, migrateAsOwner } from './db/privileges.js';
export { backup, restore } from './db/backup.js';
export { demoLoaded, loadDemo } from './demo/load.js';
export { loadDemos, type DemoStep } from './demo/demos.js';
export { MODULES, ALL_PERMISSIONS, type Permission } from './modules.js';
export { defineModule, type ServerModule, type ModuleDemo, type DemoOptions } from './module.js';
export { periodRange } from './observations/service.js';
export { runImport } from './imports/service.js';
export { exportObservations } from './exports/service.js';
export { systemActor, type Actor } from './auth/actor.js';
export { AppError } from './errors.js';
export { VERSION } from './version.js';
export { runDoctor, type Check, type CheckLevel } from './ops/doctor.js';
export { ensureAdmin, createUser, resetPassword, updateUserAccount, createApiToken } from './auth/service.js';
export { findUser } from './auth/repository.js';
export { verifyAudit, appendAudit } from './audit/service.js';
export { importBoundaries, readBoundaryFile } from './regions/service.js';
export { loadAssessDemo } from './assess/demo.js';
export {
  checkAgainstCheckpoint,
  generateAuditKey,
  loadPrivateKey,
  loadPublicKey,
  parseSinks,
  readCheckpointFile,
  startCheckpointSweep,
  writeCheckpoint,
} from './audit/checkpoint.js';
