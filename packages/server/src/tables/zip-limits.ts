/**
 * Limits on what an uploaded workbook unpacks to, read from the zip's central directory before
 * anything is inflated: a few hundred kilobytes of .xlsx can hold a 300 MB shared string (a "zip
 * bomb"), which the spreadsheet parser would otherwise hold in memory whole. Refused with the
 * entry, its size and the limit (413).
 */
import { AppError } from '../errors.js';

export interface ZipLimits {
  /** all entries together */
  totalBytes: number;
  /** xl/sharedStrings.xml: every distinct text of the workbook */
  sharedStringsBytes: number;
  /** any one entry (a worksheet) */
  entryBytes: number;
  entries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  totalBytes: 600 * 1024 * 1024,
  sharedStringsBytes: 48 * 1024 * 1024,
  entryBytes: 400 * 1024 * 1024,
  entries: 2000,
};

export interface ZipEntry {
  name: string;
  uncompressedBytes: number;
  /** where its local header starts */
  offset: number;
  /** where its central-directory record starts */
  record: number;
}

/** The entries listed in a zip's central directory (names and uncompressed sizes), or undefined if it has none. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  return zipDirectory(bytes)?.entries;
}

/** The central directory: its entries and where it starts (after the last entry's data). */
export function zipDirectory(bytes: Uint8Array): { entries: ZipEntry[]; start: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // end of central directory: 22 bytes plus a comment of at most 65,535
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  const start = view.getUint32(eocd + 16, true);
  let at = start;
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) return undefined;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // 0xFFFFFFFF means the real size is in a ZIP64 field: at least 4 GiB, over every limit
    entries.push({
      name,
      uncompressedBytes: size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size,
      offset: view.getUint32(at + 42, true),
      record: at,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, start };
}

const MB = (n: number) => (n >= Number.MAX_SAFE_INTEGER ? '≥ 4096' : (n / 1024 / 1024).toFixed(1));

export function checkZipLimits(bytes: Uint8Array, fileName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  const entries = zipEntries(bytes);
  if (!entries) return; // not readable as a zip: the parser reports the damage
  const refuse = (zh: string, en: string) => {
    throw new AppError('FILE_TOO_LARGE', 413, {
      zh: `文件 ${fileName} 解压后过大：${zh}`,
      en: `File ${fileName} unpacks too large: ${en}`,
    });
  };
  if (entries.length > limits.entries)
    refuse(`含 ${entries.length} 个部件，上限 ${limits.entries}`, `${entries.length} parts, limit ${limits.entries}`);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedBytes;
    const limit = /(^|\/)sharedStrings\.xml$/i.test(e.name) ? limits.sharedStringsBytes : limits.entryBytes;
    if (e.uncompressedBytes > limit)
      refuse(
        `${e.name} 为 ${MB(e.uncompressedBytes)} MB，上限 ${MB(limit)} MB`,
        `${e.name} is ${MB(e.uncompressedBytes)} MB, limit ${MB(limit)} MB`,
      );
  }
  if (total > limits.totalBytes)
    refuse(`共 ${MB(total)} MB，上限 ${MB(limits.totalBytes)} MB`, `${MB(total)} MB in all, limit ${MB(limits.totalBytes)} MB`);
}
