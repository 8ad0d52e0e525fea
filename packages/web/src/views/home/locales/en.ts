import type zh from './zh-CN';

const en: typeof zh = {
  menu: {
    home: 'Cockpit',
  },
  home: {
    printTitle: 'Key indicators of {region}',
    keyIndicators: 'Key indicators',
    yoy: 'YoY',
    noData: 'No indicator data for this region',
    children: 'Sub-regions ranked ({period})',
    mapTitle: '{region} · {indicator}',
    noOwnData: 'No figures of its own: the map and the ranking show its subdivisions',
  },
};
export default en;
