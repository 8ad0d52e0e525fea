export default {
  menu: { screen: '大屏' },
  screen: {
    title: '{region}高质量发展建设共同富裕示范区',
    updated: '数据更新于 {time} · 每 {minutes} 分钟刷新',
    fullScreen: '全屏',
    exitFullScreen: '退出全屏',
    exit: '返回',
    ranking: '{indicator} · 下级地区排名（{period}）',
    noRanking: '暂无下级地区数据',
    loadFailed: '数据加载失败，将在下次刷新时重试',
  },
};
