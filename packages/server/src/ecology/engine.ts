/** The engine functions the 生态 module uses, in one place. */
export * from '@gongfu/engine/ecology';
export { mulberry32, fnv1a } from '@gongfu/engine';
