import { createRequire } from 'node:module';
import type { ImportCell } from '@healthaid/domain';
import { SaxesParser } from 'saxes';

/**
 * A streaming reader for the first worksheet of an .xlsx file (zip of XML parts): random access to
 * the zip's central directory (so shared strings are read first whatever the entry order), then the
 * worksheet XML is parsed chunk by chunk with saxes, one row at a time.
 *
 * Why not exceljs' WorkbookReader: it decodes every inflated chunk separately (TextDecoder without
 * `stream: true`), so a Chinese character split across two chunks turns into U+FFFD, about once per
 * 10k rows of Chinese text (exceljs 4.4.0, lib/utils/parse-sax.js). Here one streaming decoder spans
 * the whole part.
 *
 * Styles are not read: date cells arrive as Excel serial day numbers, which the domain date parser
 * accepts. Formula cells give their cached result.
 */
export type XlsxRow = { rowNumber: number; cells: ImportCell[] };

type ZipEntry = { path: string; type: string; stream(): NodeJS.ReadableStream };
type ZipDirectory = { files: ZipEntry[] };
type Unzipper = { Open: { file(path: string): Promise<ZipDirectory> } };
/** unzipper (0.10) ships no types: load it untyped and describe the one call used. */
const unzipper = createRequire(import.meta.url)('unzipper') as Unzipper;

type XmlEvent =
  | { kind: 'open'; name: string; attributes: Record<string, string> }
  | { kind: 'text'; text: string }
  | { kind: 'close'; name: string };

/** XML events of one zip entry, in batches (one per inflated chunk), decoded as one UTF-8 stream. */
async function* xmlEvents(entry: ZipEntry): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser({ position: false });
  const decoder = new TextDecoder('utf-8');
  let events: XmlEvent[] = [];
  parser.on('opentag', (tag) => {
    events.push({ kind: 'open', name: tag.name, attributes: tag.attributes as Record<string, string> });
  });
  parser.on('text', (text: string) => {
    events.push({ kind: 'text', text });
  });
  parser.on('closetag', (tag) => {
    events.push({ kind: 'close', name: tag.name });
  });
  for await (const chunk of entry.stream() as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    yield events;
    events = [];
  }
  parser.write(decoder.decode());
  parser.close();
  yield events;
}

async function readSharedStrings(entry: ZipEntry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) {
    return strings;
  }
  let current: string[] | null = null;
  let phoneticDepth = 0;
  let isInText = false;
  for await (const events of xmlEvents(entry)) {
    for (const event of events) {
      if (event.kind === 'open') {
        if (event.name === 'si') {
          current = [];
        } else if (event.name === 'rPh') {
          phoneticDepth += 1;
        } else if (event.name === 't') {
          isInText = true;
        }
      } else if (event.kind === 'close') {
        if (event.name === 'si') {
          strings.push((current ?? []).join(''));
          current = null;
        } else if (event.name === 'rPh') {
          phoneticDepth -= 1;
        } else if (event.name === 't') {
          isInText = false;
        }
      } else if (isInText && phoneticDepth === 0 && current) {
        current.push(event.text);
      }
    }
  }
  return strings;
}

/** Zip path of the first worksheet in workbook order (xl/workbook.xml + its relationships). */
async function firstSheetPath(files: Map<string, ZipEntry>): Promise<string> {
  const fallback = 'xl/worksheets/sheet1.xml';
  const workbook = files.get('xl/workbook.xml');
  const rels = files.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) {
    return fallback;
  }
  let relationId: string | null = null;
  for await (const events of xmlEvents(workbook)) {
    for (const event of events) {
      if (relationId === null && event.kind === 'open' && event.name === 'sheet') {
        relationId = event.attributes['r:id'] ?? null;
      }
    }
  }
  let target: string | null = null;
  for await (const events of xmlEvents(rels)) {
    for (const event of events) {
      if (event.kind === 'open' && event.name === 'Relationship' && event.attributes.Id === relationId) {
        target = event.attributes.Target ?? null;
      }
    }
  }
  if (!target) {
    return fallback;
  }
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//u, '')}`;
}

/** 'C12' → 2 (0-based column index); null without letters. Called for every cell: char codes, no regex. */
function columnIndexOf(reference: string | undefined): number | null {
  if (reference === undefined) {
    return null;
  }
  let index = 0;
  let letters = 0;
  for (; letters < reference.length; letters += 1) {
    const code = reference.charCodeAt(letters);
    if (code < 65 || code > 90) {
      break;
    }
    index = index * 26 + (code - 64);
  }
  return letters === 0 ? null : index - 1;
}

function cellValue(
  type: string | undefined,
  value: string,
  inline: string,
  strings: readonly string[],
): ImportCell {
  switch (type) {
    case 's':
      return strings[Number(value)] ?? null;
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === '1';
    default: {
      if (value === '') {
        return null;
      }
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
  }
}

/**
 * Rows of the first worksheet, each with the row number Excel shows (empty rows are skipped). The sheet is the
 * bulk of the file (90 MB of XML for 200k rows), so it is parsed with handlers that build rows directly (no
 * event objects) and without saxes' position tracking; the rows completed by each inflated chunk are yielded as
 * one batch.
 */
export async function* readXlsxFirstSheetBatches(path: string): AsyncGenerator<XlsxRow[]> {
  const directory = await unzipper.Open.file(path);
  const files = new Map(directory.files.map((f) => [f.path, f]));
  const strings = await readSharedStrings(files.get('xl/sharedStrings.xml'));
  const sheet = files.get(await firstSheetPath(files));
  if (!sheet) {
    throw new Error('工作簿中没有工作表');
  }
  const ready: XlsxRow[] = [];
  let rowNumber = 0;
  let cells: ImportCell[] = [];
  let column = 0;
  let cellType: string | undefined;
  let value = '';
  let inline = '';
  let textTarget: 'value' | 'inline' | null = null;
  let isInInline = false;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    // Without the xmlns option attributes are plain strings.
    const attributes = tag.attributes as Record<string, string | undefined>;
    switch (tag.name) {
      case 'row':
        rowNumber = attributes.r ? Number(attributes.r) : rowNumber + 1;
        cells = [];
        column = 0;
        break;
      case 'c':
        column = columnIndexOf(attributes.r) ?? column;
        cellType = attributes.t;
        value = '';
        inline = '';
        break;
      case 'v':
        textTarget = 'value';
        break;
      case 'is':
        isInInline = true;
        break;
      case 't':
        textTarget = isInInline ? 'inline' : textTarget;
        break;
      default:
        break;
    }
  });
  parser.on('text', (text: string) => {
    if (textTarget === 'value') {
      value += text;
    } else if (textTarget === 'inline') {
      inline += text;
    }
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'v':
      case 't':
        textTarget = null;
        break;
      case 'is':
        isInInline = false;
        break;
      case 'c':
        cells[column] = cellValue(cellType, value, inline, strings);
        column += 1;
        break;
      case 'row':
        for (let i = 0; i < cells.length; i += 1) {
          cells[i] ??= null;
        }
        ready.push({ rowNumber, cells });
        break;
      default:
        break;
    }
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of sheet.stream() as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (ready.length > 0) {
      yield ready.splice(0);
    }
  }
  parser.write(decoder.decode());
  parser.close();
  if (ready.length > 0) {
    yield ready.splice(0);
  }
}
