import type zh from './zh-CN';

const en: typeof zh = {
  menu: { screen: 'Wall screen' },
  screen: {
    title: '{region} · common prosperity demonstration zone',
    updated: 'Data as of {time} · refreshed every {minutes} min',
    fullScreen: 'Full screen',
    exitFullScreen: 'Leave full screen',
    exit: 'Back',
    ranking: '{indicator} · ranking of subregions ({period})',
    noRanking: 'No data for subregions',
    loadFailed: 'Could not load the data; retrying at the next refresh',
  },
};

export default en;
