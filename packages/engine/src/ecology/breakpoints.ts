/**
 * HJ 633-2012《环境空气质量指数（AQI）技术规定（试行）》表 1 空气质量分指数及对应的污染物项目浓度限值,
 * and 表 2 空气质量指数及相关信息 (levels, names, colours).
 *
 * Concentrations in µg/m³, CO in mg/m³. The IAQI column is 0, 50, 100, 150, 200, 300, 400, 500.
 * Notes of 表 1 carried here:
 *  (1) SO2, NO2 and CO 1-hour limits are for the real-time report (实时报) only; the daily report
 *      (日报) uses the 24-hour limits.
 *  (2) SO2 1-hour above 800 µg/m³: no 1-hour IAQI is computed; the SO2 IAQI is reported from the
 *      24-hour mean (the 1-hour table therefore ends at 800 / IAQI 200).
 *  (3) O3 8-hour above 800 µg/m³: no 8-hour IAQI is computed; the O3 IAQI is reported from the
 *      1-hour value (the 8-hour table ends at 800 / IAQI 300).
 * PM10 and PM2.5 have 24-hour limits only; an hourly IAQI for them (as the real-time report shows)
 * is taken against the 24-hour limits.
 */
import { fail } from './errors.js';

export const IAQI_STEPS = [0, 50, 100, 150, 200, 300, 400, 500] as const;

/** Indicator keys: the six pollutants, O3 as its 1-hour and 8-hour forms. */
export type AqiItem = 'so2_24h' | 'so2_1h' | 'no2_24h' | 'no2_1h' | 'pm10_24h' | 'pm25_24h' | 'co_24h' | 'co_1h' | 'o3_1h' | 'o3_8h';

/** Concentration limits BP for IAQI_STEPS[0..n); shorter rows end where 表 1 ends. */
export const BREAKPOINTS: Readonly<Record<AqiItem, readonly number[]>> = {
  so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  so2_1h: [0, 150, 500, 650, 800],
  no2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
  no2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  pm10_24h: [0, 50, 150, 250, 350, 420, 500, 600],
  pm25_24h: [0, 35, 75, 115, 150, 250, 350, 500],
  co_24h: [0, 2, 4, 14, 24, 36, 48, 60],
  co_1h: [0, 5, 10, 35, 60, 90, 120, 150],
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  o3_8h: [0, 100, 160, 215, 265, 800],
};

/** The pollutant a key measures (primary pollutant names are reported per pollutant). */
export type Pollutant = 'so2' | 'no2' | 'pm10' | 'pm25' | 'co' | 'o3';
export const POLLUTANTS: readonly Pollutant[] = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3'];
export function pollutantOf(item: AqiItem): Pollutant {
  return item.slice(0, item.indexOf('_')) as Pollutant;
}

export interface AqiLevel {
  /** 1…6 (一级…六级) */
  level: 1 | 2 | 3 | 4 | 5 | 6;
  /** upper AQI bound of the level (Infinity for 六级) */
  max: number;
  zh: '优' | '良' | '轻度污染' | '中度污染' | '重度污染' | '严重污染';
  en: 'Excellent' | 'Good' | 'Lightly polluted' | 'Moderately polluted' | 'Heavily polluted' | 'Severely polluted';
  /** 表 2 colour (RGB) as hex */
  color: string;
}

/** HJ 633-2012 表 2: 0–50 优 绿色 (0,228,0); 51–100 良 黄色 (255,255,0); 101–150 轻度污染 橙色 (255,126,0);
 *  151–200 中度污染 红色 (255,0,0); 201–300 重度污染 紫色 (153,0,76); >300 严重污染 褐红色 (126,0,35). */
export const AQI_LEVELS: readonly AqiLevel[] = [
  { level: 1, max: 50, zh: '优', en: 'Excellent', color: '#00e400' },
  { level: 2, max: 100, zh: '良', en: 'Good', color: '#ffff00' },
  { level: 3, max: 150, zh: '轻度污染', en: 'Lightly polluted', color: '#ff7e00' },
  { level: 4, max: 200, zh: '中度污染', en: 'Moderately polluted', color: '#ff0000' },
  { level: 5, max: 300, zh: '重度污染', en: 'Heavily polluted', color: '#99004c' },
  { level: 6, max: Infinity, zh: '严重污染', en: 'Severely polluted', color: '#7e0023' },
];

/** The level of an (integer) AQI. */
export function aqiLevel(aqi: number): AqiLevel {
  if (!Number.isFinite(aqi) || aqi < 0) {
    fail('INVALID_ARGUMENT', `AQI 无效：${aqi}`, `invalid AQI: ${aqi}`, { aqi });
  }
  for (const l of AQI_LEVELS) if (aqi <= l.max) return l;
  return AQI_LEVELS[5]!;
}
