import type zh from './zh-CN';

const en: typeof zh = {
  app: { title: 'Gongfu', subtitle: 'Keqiao common-prosperity and high-quality development platform', apiDocs: 'API docs', language: '中文' },
  home: {
    keyIndicators: 'Key indicators',
    latest: 'Latest',
    yoy: 'YoY',
    source: 'Source',
    synthetic: 'synthetic',
    syntheticNote: 'Values marked "synthetic" are generated for the demo and are not official statistics.',
    gdpTrend: 'Gross domestic product',
    mapTitle: 'GDP 2024 of the counties of Shaoxing',
    towns: 'Industrial output by town (year to date)',
    town: 'Town',
    period: 'Period',
    value: 'Value',
    loading: 'Loading…',
    error: 'Failed to load',
    provenance: 'Provenance',
    batch: 'Import batch',
    loadedBy: 'Loaded by',
    loadedAt: 'Loaded at',
    history: 'Revision history',
    current: 'current',
  },
};
export default en;
