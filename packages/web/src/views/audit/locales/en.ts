import type zh from './zh-CN';

const en: typeof zh = {
  menu: {
    audit: 'Audit log',
  },
  audit: {
    actor: 'Actor',
    action: 'Action',
    verify: 'Verify hash chain',
    verifyOk: 'Hash chain intact: {count} entries',
    verifyBad: 'Hash chain broken: {problems} problems in {count} entries',
    head: 'Head hash',
    before: 'Before',
    after: 'After',
    hash: 'Hash',
    prevHash: 'Previous hash',
    at: 'Time',
    target: 'Target',
    more: 'Load more',
  },
};
export default en;
