/**
 * Reading a workbook, whichever program saved it. exceljs 4.4 finds a sheet's comments only at
 * `xl/commentsN.xml`, where Excel and exceljs put them; a workbook saved by another program (openpyxl
 * writes `/xl/comments/comment1.xml`) fails to load with "Cannot read properties of undefined
 * (reading 'comments')" (exceljs issue #2797, open). The template reads cell values only, so such a
 * workbook is read again without its sheets' links to comments and their drawings (jszip, which
 * exceljs itself uses to open the file).
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** A sheet's relationship to its comments or to their (VML) drawing. */
const COMMENT_RELATIONSHIP = /<Relationship\b[^>]*\bType="[^"]*\/(?:comments|vmlDrawing)"[^>]*\/>/g;

/** The workbook at `path`; throws what exceljs throws when it cannot be read either way. */
export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const file = await readFile(path);
  const bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes);
    return workbook;
  } catch (error) {
    const stripped = await withoutComments(bytes);
    if (!stripped) throw error;
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(stripped);
    return again;
  }
}

/** The workbook's bytes with each sheet's comment and drawing relationships left out, or undefined if it has none. */
async function withoutComments(bytes: ArrayBuffer): Promise<ArrayBuffer | undefined> {
  const zip = await JSZip.loadAsync(bytes);
  let changed = false;
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    const kept = xml.replace(COMMENT_RELATIONSHIP, '');
    if (kept !== xml) {
      zip.file(name, kept);
      changed = true;
    }
  }
  return changed ? zip.generateAsync({ type: 'arraybuffer' }) : undefined;
}
