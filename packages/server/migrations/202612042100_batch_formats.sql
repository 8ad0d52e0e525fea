-- An import batch may come from a legacy .xls workbook (or Excel's XML 2003 spreadsheet) or from an
-- HTML table saved under an Excel name, as well as from .xlsx, CSV, the seed and the API.
alter table import_batch drop constraint import_batch_format_check;
alter table import_batch add constraint import_batch_format_check
  check (format in ('xlsx', 'xls', 'html', 'csv', 'seed', 'api'));
