/** The engine functions the 乡村共富 module uses, in one place. */
export * from '@gongfu/engine/rural';
export { isEngineError, mulberry32, fnv1a } from '@gongfu/engine';
