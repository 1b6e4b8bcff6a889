/** `segraph export --template`: the authored practices in the spreadsheet template. */
import { exportTemplate, type ExportOptions } from '../template/template.js';
import type { Io } from './output.js';

export async function exportCommand(options: ExportOptions, io: Io): Promise<number> {
  try {
    const { files, rows } = await exportTemplate(options);
    const counts = [...rows].map(([sheet, list]) => `${list.length} ${sheet.toLowerCase()}`).join(', ');
    io.out(`export: wrote ${files.join(', ')} (${counts})`);
    return 0;
  } catch (error) {
    io.err(`export: failed: ${(error as Error).message}`);
    return 1;
  }
}
