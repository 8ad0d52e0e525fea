-- 亩均效益: the district's and each town's figures, written from an evaluation when it is published
-- as final, for the cockpit and for assessing towns (subjects are regions).
insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min, valid_max)
values
  ('MJ_TAX_PER_MU_ABOVE', '规上工业亩均税收', 'Above-size industry: tax per mu', '万元/亩', 'higher', 'year', 'point', 2,
   '参评规上工业企业实缴税金合计 ÷ 用地面积合计（正式发布的亩均效益评价）', '经信局（亩均效益评价）', 'region', 0, null),
  ('MJ_VA_PER_MU_ABOVE', '规上工业亩均增加值', 'Above-size industry: value added per mu', '万元/亩', 'higher', 'year', 'point', 2,
   '参评规上工业企业工业增加值合计 ÷ 用地面积合计（正式发布的亩均效益评价）', '经信局（亩均效益评价）', 'region', null, null),
  ('MJ_SHARE_A', 'A类企业占比', 'Share of class A enterprises', '%', 'higher', 'year', 'point', 1,
   '正式发布的亩均效益评价中 A 类企业数 ÷ 参评企业数 × 100', '经信局（亩均效益评价）', 'region', 0, 100),
  ('MJ_COUNT_D', 'D类企业数', 'Class D enterprises', '家', 'lower', 'year', 'point', 0,
   '正式发布的亩均效益评价中 D 类企业数', '经信局（亩均效益评价）', 'region', 0, null),
  ('MJ_LAND_CD', 'C、D类企业用地面积', 'Land of class C and D enterprises', '亩', 'lower', 'year', 'point', 1,
   '正式发布的亩均效益评价中 C、D 类企业的用地面积合计（腾退、提升的对象）', '经信局（亩均效益评价）', 'region', 0, null)
on conflict (code) do nothing;
