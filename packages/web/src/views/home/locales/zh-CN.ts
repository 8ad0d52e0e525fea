export default {
  menu: {
    home: '驾驶舱',
  },
  home: {
    printTitle: '{region}主要指标情况',
    keyIndicators: '关键指标',
    yoy: '同比',
    noData: '该地区暂无指标数据',
    children: '下级地区排名（{period}）',
    mapTitle: '{region} · {indicator}',
    noOwnData: '本级暂无汇总指标：地图和排名显示下级地区的数据',
  },
};
