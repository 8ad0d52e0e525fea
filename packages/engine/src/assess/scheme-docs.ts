/**
 * What each field of an assessment scheme means, and its COINr equivalent where one exists
 * (COINr 1.1, bluefoxr/COINr: `new_coin` iMeta columns and the arguments of `Screen`,
 * `Denominate`, `Impute`, `Treat`, `Normalise`, `Aggregate`). Keyed by the paths of
 * scheme-fields.ts; engine/test/assess/scheme-reference.test.ts fails when a field of the zod
 * schema has no entry here, or an entry names no field, so the reference cannot drift.
 */

export interface FieldDoc {
  /** what the field does, in a sentence or two */
  en: string;
  /** the COINr argument or iMeta column that does the same, when there is one */
  coinr?: string;
}

export const SCHEME_DOCS: Record<string, FieldDoc> = {
  $schema: {
    en: 'Where an editor finds this JSON Schema (e.g. `../docs/assess-scheme.schema.json`) for completion; the engine ignores it.',
  },
  schemaVersion: { en: 'Version of the scheme format; 1 is the only one.' },
  id: { en: 'Stable identifier of the scheme; runs and stored versions refer to it.' },
  version: { en: 'Version of this scheme (e.g. `2025.1`); a run records the version it used.' },
  name: { en: 'Name shown to users: a string or `{ "zh": …, "en": … }`.' },
  description: { en: 'Longer description for the scheme list.' },
  illustrative: { en: 'Marks a scheme that is not an official one (the weights or bands are made up); shown on every result.' },
  disclaimer: { en: 'Text shown with every result of the scheme, e.g. the source of the method and what is illustrative.' },
  sources: { en: 'Documents the scheme follows (titles or URLs).' },
  period: { en: 'How often the assessment runs.' },
  unitKind: { en: 'What is assessed (`town`, `county`, `enterprise` …); a label, not checked against the data.' },

  screening: {
    en: 'Unit screening before anything else: units with too little data are dropped and listed with the reason.',
    coinr: '`Screen()`',
  },
  'screening.unitScreen': {
    en: 'What counts as lacking data: missing values, zeros, or both.',
    coinr: '`unit_screen` ("byNA", "byzeros", "byNAandzeros")',
  },
  'screening.datThresh': {
    en: 'Minimum share of indicators with a value; a unit exactly at the threshold is kept.',
    coinr: '`dat_thresh`',
  },
  'screening.nonzeroThresh': {
    en: 'Minimum share of non-zero values among those present (for the zero screens).',
    coinr: '`nonzero_thresh`',
  },
  'screening.force': { en: 'Units kept or dropped whatever their data.', coinr: '`Force`' },
  'screening.force[].unit': { en: 'The unit id.', coinr: '`Force$uCode`' },
  'screening.force[].include': { en: '`true` keeps the unit, `false` drops it.', coinr: '`Force$Include`' },

  denominators: {
    en: 'Named denominators that indicators divide by (population, land area …): `value / (column × scale)`.',
    coinr: '`Denominate(denoms=)`',
  },
  'denominators.<name>.column': { en: 'Data column holding the denominator.', coinr: '`denoms` column' },
  'denominators.<name>.scale': { en: 'Multiplier of the denominator, e.g. 10000 for "per 10 000 people" when the column is people.' },
  'denominators.<name>.name': { en: 'Name shown in explanations ("常住人口").' },

  indicators: { en: 'The indicators (level 1 of the tree).', coinr: 'iMeta rows with `Type = "Indicator"`' },
  'indicators[].id': { en: 'Indicator id, unique among indicators and nodes.', coinr: '`iCode`' },
  'indicators[].name': { en: 'Name shown to users.', coinr: '`iName`' },
  'indicators[].column': { en: 'Data column holding the values; defaults to the id.' },
  'indicators[].unit': { en: 'Unit of the values (万元, %, 亩 …), shown with them.', coinr: '`Unit`' },
  'indicators[].direction': { en: '1 = higher is better, −1 = lower is better.', coinr: '`Direction`' },
  'indicators[].denominator': {
    en: 'Name of a `denominators` entry to divide by before anything else.',
    coinr: '`Denominator` (iMeta) / `denomby`',
  },
  'indicators[].target': {
    en: 'Target (目标值), used by target-based normalisations and shown as the gap to target in explanations.',
    coinr: '`Target`',
  },
  'indicators[].source': { en: 'Where the values come from (the bureau or statistical table), shown with them.' },
  'indicators[].impute': { en: "The indicator's own imputation, instead of the scheme's." },
  'indicators[].treat': { en: "The indicator's own outlier treatment, instead of the scheme's." },
  'indicators[].normalise': { en: "The indicator's own normalisation, instead of the scheme's." },

  nodes: {
    en: 'The aggregates above the indicators (dimensions, sub-indices, the index); a node is 1 + the highest level of its children.',
    coinr: 'iMeta rows with `Type = "Aggregate"`',
  },
  'nodes[].id': { en: 'Node id, unique among indicators and nodes.', coinr: '`iCode`' },
  'nodes[].name': { en: 'Name shown to users.', coinr: '`iName`' },
  'nodes[].children': {
    en: 'Ids of the indicators or nodes it aggregates, each a string or `{ "id", "weight" }`.',
    coinr: '`Parent` of the children',
  },
  'nodes[].children[].id': { en: 'Id of the child.', coinr: '`iCode` of the child' },
  'nodes[].children[].weight': { en: "The child's weight under fixed weighting.", coinr: '`Weight`' },
  'nodes[].weighting': { en: "The node's own weighting of its children, instead of the scheme's." },
  'nodes[].aggregation': { en: "The node's own aggregation, instead of its level's or the default." },
  root: { en: 'Id of the node whose score is the final score.' },

  weights: { en: 'How fixed weights are checked.' },
  'weights.total': { en: "The sum each node's fixed child weights must reach (1, or 100 for a points table)." },
  'weights.tolerance': { en: 'How far from `total` a sum may be.' },
  'weights.relative': {
    en: 'Weights are relative and rescaled to sum to 1 within each node instead of checked.',
    coinr: 'COINr always treats weights as relative',
  },

  impute: { en: 'Imputation of missing values, per indicator column.', coinr: '`Impute()`' },
  'impute.method': {
    en: "How a missing value is filled: not at all, the mean or median of the column or of the unit's group, or the same unit's previous-period value.",
    coinr: '`f_i` ("i_mean", "i_median", "i_mean_grp", "i_median_grp"); previous = `impute_panel(imp_type = "latest")`',
  },
  'impute.groupBy': { en: "Data column with each unit's group; required for groupMean and groupMedian.", coinr: '`use_group`' },
  'impute.fallback': { en: 'Fills what the method left missing (e.g. a group with no values).' },

  treat: { en: 'Outlier treatment by winsorisation, with a log transform as fallback.', coinr: '`Treat()`' },
  'treat.method': {
    en: '`winsorise` treats columns that fail the skew and kurtosis test; `none` leaves the data as they are.',
    coinr: '`f1 = "winsorise"`',
  },
  'treat.winmax': { en: 'Most points winsorised per column; `null` for no limit.', coinr: '`winmax`' },
  'treat.skewThresh': { en: 'Absolute skewness above which a column may fail.', coinr: '`skew_thresh`' },
  'treat.kurtThresh': { en: 'Kurtosis above which a column may fail (it fails only when both are exceeded).', coinr: '`kurt_thresh`' },
  'treat.forceWin': { en: 'Winsorise up to `winmax` points even when the column already passes.', coinr: '`force_win`' },
  'treat.fallback': {
    en: 'What to do with a column still failing after winsorising: the log transform of the original values, or keep the winsorised ones.',
    coinr: '`f2 = "log_CT"`',
  },
  'treat.combine': { en: 'Apply the fallback to the winsorised values instead of the original ones.', coinr: '`combine_treat`' },

  normalise: { en: 'Normalisation of each indicator column onto a common scale (direction applied first).', coinr: '`Normalise()`' },
  'normalise.method': { en: 'The method; its own fields follow.', coinr: '`f_n`' },
  'normalise[minmax].lower': { en: 'Score of the worst unit.', coinr: '`n_minmax`, `l_u[1]`' },
  'normalise[minmax].upper': { en: 'Score of the best unit.', coinr: '`n_minmax`, `l_u[2]`' },
  'normalise[zscore].mean': { en: 'Mean of the scores.', coinr: '`n_zscore`, `m_sd[1]`' },
  'normalise[zscore].sd': { en: 'Standard deviation of the scores.', coinr: '`n_zscore`, `m_sd[2]`' },
  'normalise[zscore].sdKind': { en: 'Sample (n − 1, as R `sd`) or population standard deviation of the data.' },
  'normalise[percentile].scale': { en: 'Score of the best unit: (rank − 1)/(n − 1) × scale.', coinr: '`n_prank`' },
  'normalise[dist2targ].target': { en: "The target; defaults to the indicator's `target`.", coinr: '`n_dist2targ`, `targ`' },
  'normalise[dist2targ].capMax': { en: 'Cap the score at 1 for units beyond the target.', coinr: '`cap_max`' },
  'normalise[targetRatio].target': { en: "The target of 目标值法 (value / target); defaults to the indicator's `target`." },
  'normalise[targetRatio].cap': { en: 'Highest ratio counted (1 = 100 %); `null` for no cap.' },
  'normalise[targetRatio].scale': { en: 'Points for reaching the target.' },
  'normalise[dist2frontier].frontier': { en: 'The best value (distance to frontier); defaults to the best observed.' },
  'normalise[dist2frontier].worst': { en: 'The worst value; defaults to the worst observed.' },
  'normalise[dist2frontier].scale': { en: 'Score at the frontier.' },
  'normalise[goalposts].lower': { en: 'Lower goalpost.', coinr: '`n_goalposts`, `gposts[1]`' },
  'normalise[goalposts].upper': { en: 'Upper goalpost.', coinr: '`n_goalposts`, `gposts[2]`' },
  'normalise[goalposts].scale': { en: 'Score at the better goalpost.', coinr: '`gposts[3]`' },
  'normalise[goalposts].truncate': { en: 'Clamp scores to [0, scale] for values beyond the goalposts.', coinr: 'COINr always truncates' },
  'normalise[efficacy].satisfactory': { en: '满意值 of 功效系数法: the value scoring 100.' },
  'normalise[efficacy].unacceptable': { en: '不允许值: the value scoring 60.' },
  'normalise[efficacy].clampMin': { en: 'Lowest score given.' },
  'normalise[efficacy].clampMax': { en: 'Highest score given.' },
  'normalise[efficacyBands].standards': { en: 'The band standards of five-band 功效系数法, best first (优秀, 良好, 平均, 较低, 较差).' },
  'normalise[efficacyBands].coefficients': { en: 'Band coefficients, best first.' },
  'normalise[efficacyBands].points': { en: 'Full marks of the indicator.' },
  'normalise[benchmark].benchmark': { en: 'The benchmark (e.g. the county 亩均税收): score = value / benchmark × points.' },
  'normalise[benchmark].points': { en: "Points at the benchmark (the indicator's weight in a points table)." },
  'normalise[benchmark].cap': { en: 'Highest multiple of `points` given (e.g. 1.5); `null` for none.' },
  'normalise[benchmark].floor': { en: 'Lowest multiple of `points` given; `null` for none.' },

  weighting: {
    en: "How a node's children are weighted.",
    coinr: 'iMeta `Weight` (fixed); `get_PCA`, `get_opt_weights` have no counterpart here',
  },
  'weighting.method': { en: 'Fixed (the `weight` of each child), equal, entropy (熵权法), CRITIC or AHP (层次分析法).' },
  'weighting[entropy].zeroShares': { en: "How a zero share counts in the entropy: 0·ln 0 = 0, pymcdm's rule, or shift every value." },
  'weighting[entropy].shift': { en: 'The shift added to every value when `zeroShares` is `shift`.' },
  'weighting[critic].sdKind': { en: 'Sample or population standard deviation in the CRITIC contrast.' },
  'weighting[ahp].matrix': { en: "Reciprocal pairwise-comparison matrix of the node's children, in their order (1–9 scale)." },
  'weighting[ahp].derive': { en: 'How weights come from the matrix: principal eigenvector, geometric or arithmetic (和积法) mean.' },
  'weighting[ahp].ri': { en: 'Random-index table for the consistency ratio.' },
  'weighting[ahp].maxCR': { en: 'A matrix with a consistency ratio at or above this is refused.' },
  'weighting[ahp].force': { en: 'Accept an inconsistent matrix.' },

  aggregation: { en: 'How children scores combine into a node score: a default and per-level overrides.', coinr: '`Aggregate()`' },
  'aggregation.default': { en: "The aggregation of every node without its own or its level's." },
  'aggregation.default.method': {
    en: 'Weighted arithmetic, geometric or harmonic mean; weighted sum; plain sum (points tables); or TOPSIS closeness.',
    coinr: '`f_ag` ("a_amean", "a_gmean", "a_hmean"); sums and TOPSIS have no counterpart',
  },
  'aggregation.default[amean|gmean|hmean|wsum|sum].datThresh': {
    en: 'Minimum share of children with a score; below it the node score is missing.',
    coinr: '`dat_thresh`',
  },
  'aggregation.default[topsis].normalisation': { en: 'How TOPSIS normalises the children first.' },
  'aggregation.default[topsis].scale': { en: 'Score of a unit at the ideal.' },
  'aggregation.default[topsis].datThresh': {
    en: 'Minimum share of children with a score; below it the node score is missing.',
    coinr: '`dat_thresh`',
  },
  'aggregation.byLevel': { en: 'Aggregation by level (`"2"`, `"3"` …) for the nodes of that level.', coinr: '`f_ag` per level' },
  'aggregation.byLevel.<level>': { en: 'The aggregation of the nodes of one level.' },

  adjustments: { en: '加分 and 扣分 on the final score, after aggregation.' },
  'adjustments[].id': { en: 'Adjustment id.' },
  'adjustments[].name': { en: 'Name shown in the scorecard.' },
  'adjustments[].kind': { en: 'Bonus (added) or penalty (subtracted).' },
  'adjustments[].rule': { en: 'How the points are computed.' },
  'adjustments[].rule.type': { en: '`column`: a data column × points per unit; `step`: points per full step of deviation from a target.' },
  'adjustments[].rule[column].column': { en: 'Data column counted (e.g. number of awards).' },
  'adjustments[].rule[column].perUnit': { en: 'Points per unit of the column.' },
  'adjustments[].rule[step].column': { en: 'Data column compared with the target.' },
  'adjustments[].rule[step].target': { en: 'The target.' },
  'adjustments[].rule[step].stepPct': { en: 'Size of one step, in per cent of the target (e.g. 3 = every 3 % over target).' },
  'adjustments[].rule[step].pointsPerStep': { en: 'Points per full step.' },
  'adjustments[].rule[step].direction': { en: '1: steps over the target count; −1: steps under it.' },
  'adjustments[].cap': { en: 'Most points this adjustment gives.' },
  adjustmentCaps: { en: 'Most points all bonuses, and all penalties, give together.' },
  'adjustmentCaps.bonus': { en: 'Cap of the bonuses together.' },
  'adjustmentCaps.penalty': { en: 'Cap of the penalties together.' },
  finalClamp: { en: 'Clamp of the final score after adjustments, e.g. to [0, 100].' },
  'finalClamp.min': { en: 'Lowest final score.' },
  'finalClamp.max': { en: 'Highest final score.' },

  vetoes: { en: '一票否决: a condition that caps or sets the grade or caps the score.' },
  'vetoes[].id': { en: 'Veto id.' },
  'vetoes[].name': { en: 'Name shown with a vetoed unit.' },
  'vetoes[].column': { en: 'Data column checked (e.g. number of major accidents).' },
  'vetoes[].threshold': { en: 'Vetoed when the value is at or above this; without it, any value above 0. A missing value does not veto.' },
  'vetoes[].effect': { en: 'What the veto does.' },
  'vetoes[].effect.type': { en: 'Cap the grade, force the grade, or cap the score.' },
  'vetoes[].effect[capGrade].grade': { en: 'The best grade a vetoed unit can get.' },
  'vetoes[].effect[forceGrade].grade': { en: 'The grade a vetoed unit gets.' },
  'vetoes[].effect[capScore].score': { en: 'The highest score a vetoed unit keeps.' },

  grading: { en: 'Grades (优秀/良好/…, A/B/C/D) from the final score.' },
  'grading.type': { en: '`bands`: score thresholds; `shares`: a share of units per grade by rank.' },
  'grading[bands].bands': { en: 'Grades best first; a unit gets the first whose `min` it reaches.' },
  'grading[bands].bands[].grade': { en: 'Grade name.' },
  'grading[bands].bands[].min': { en: 'Lowest score of the grade.' },
  'grading[bands].otherwise': { en: 'Grade of a unit below every band.' },
  'grading[bands].peerGroupBy': { en: 'Data column whose groups get their own bands (`bandsByGroup`).' },
  'grading[bands].bandsByGroup': { en: 'Bands per group, keyed by the values of `peerGroupBy`.' },
  'grading[bands].bandsByGroup.<group>[].grade': { en: 'Grade name.' },
  'grading[bands].bandsByGroup.<group>[].min': { en: 'Lowest score of the grade in that group.' },
  'grading[shares].shares': { en: 'Grades best first, each with the share of units (0–1) it takes; the last takes the rest.' },
  'grading[shares].shares[].grade': { en: 'Grade name.' },
  'grading[shares].shares[].share': { en: 'Share of units in the grade.' },
  'grading[shares].peerGroupBy': { en: 'Data column whose groups are graded separately.' },

  ranking: { en: 'How units are ranked by the final score.' },
  'ranking.ties': { en: 'Rank of tied units, as R `rank(ties.method=)`.', coinr: 'COINr `rank_df()` ranks ties as `min`' },
  'ranking.peerGroupBy': { en: 'Data column whose groups are ranked separately (e.g. 规上 and 规下 enterprises).' },
};
