export default {
  menu: {
    audit: '审计日志',
  },
  audit: {
    actor: '操作人',
    action: '操作',
    verify: '校验哈希链',
    verifyOk: '哈希链完整：共 {count} 条记录',
    verifyBad: '哈希链异常：{count} 条记录中发现 {problems} 处问题',
    head: '链头哈希',
    before: '修改前',
    after: '修改后',
    hash: '哈希',
    prevHash: '前一哈希',
    at: '时间',
    target: '对象',
    more: '加载更多',
  },
};
