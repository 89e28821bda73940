import { escpos } from '../../../native/printer/escpos';
import type { PrinterDevice } from '../devices/printer-device';

/** The mark on every practice print, at its head and before its cut: nothing practice-made passes for a real receipt. */
export const PRACTICE_PRINT_MARK = '【培训样张】练习，不作凭证';

const GS = 0x1d;

/** The job with the practice mark printed first and again before the cut (GS V) that ends it. */
export function withPracticeMark(job: Uint8Array): Uint8Array {
  const mark = escpos().init().align('center').bold(true).line(PRACTICE_PRINT_MARK).bold(false).align('left').build();
  const cutAt = job.length >= 4 && job[job.length - 4] === GS && job[job.length - 3] === 0x56 ? job.length - 4 : job.length;
  const out = new Uint8Array(mark.length * 2 + job.length);
  out.set(mark, 0);
  out.set(job.subarray(0, cutAt), mark.length);
  out.set(mark, mark.length + cutAt);
  out.set(job.subarray(cutAt), mark.length * 2 + cutAt);
  return out;
}

/** The window's printer as the practice workspace uses it: every job marked, under job ids apart from production's. */
export function practicePrinter(printer: PrinterDevice): PrinterDevice {
  return {
    print: (jobId, bytes) => printer.print(`practice:${jobId}`, withPracticeMark(bytes)),
    paperWidth: () => printer.paperWidth(),
  };
}
