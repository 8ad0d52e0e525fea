/**
 * exceljs 4.4's streaming reader decodes each decompressed chunk (16 KiB) of a workbook's XML on
 * its own, so a character whose UTF-8 bytes straddle two chunks reads as U+FFFD (exceljs issues
 * #2063, #2084, fixes unmerged): in a long shared-string table of town and village names,
 * 柯桥区湖塘街道 came back as 柯桥区湖塘���道 and matched no region. The reader is handed text
 * decoded across chunk boundaries instead: zip entries read as UTF-8 streams, worksheets (also those
 * re-read from temporary files) through a StringDecoder. Loaded by tables/reader.ts; it patches
 * private methods, so an exceljs release without them fails here, loudly, rather than garbling.
 */
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

type Method = (this: unknown, ...args: unknown[]) => unknown;

async function* utf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as Record<string, Method | undefined>;
const PATCHED = Symbol.for('gongfu.exceljs-utf8');

function patch(name: string, wrap: (original: Method) => Method) {
  const original = proto[name];
  if (typeof original !== 'function')
    throw new Error(`exceljs WorkbookReader has no ${name}: check tables/exceljs-utf8.ts against this exceljs`);
  proto[name] = wrap(original);
}

if (!(PATCHED in proto)) {
  Object.defineProperty(proto, PATCHED, { value: true });
  // these read a zip entry themselves: the entry decodes its bytes as one UTF-8 stream
  for (const name of ['_parseSharedStrings', '_parseRels', '_parseWorkbook', '_parseStyles'])
    patch(
      name,
      (original) =>
        function (this: unknown, entry: unknown, ...rest: unknown[]) {
          (entry as { setEncoding(e: string): void }).setEncoding('utf8');
          return original.call(this, entry, ...rest);
        },
    );
  // these are given an iterable of chunks (a zip entry's, or a temporary file's)
  for (const name of ['_parseWorksheet', '_parseHyperlinks'])
    patch(
      name,
      (original) =>
        function (this: unknown, chunks: unknown, ...rest: unknown[]) {
          return original.call(this, utf8(chunks as AsyncIterable<Buffer | string>), ...rest);
        },
    );
}
