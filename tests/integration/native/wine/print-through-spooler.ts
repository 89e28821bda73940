/**
 * Runs INSIDE Windows Node.js (under Wine in the test): prints two receipts through the real winspool.drv with
 * the project's own spooler transport, receipt printer and print queue, and writes what happened as JSON to the
 * file named by argv[3]. Bundled to CommonJS by tests/integration/native/windows-spooler-wine.test.ts.
 */
import { writeFileSync } from 'node:fs';
// Module by module: the transports' index would also pull in serialport, usb and node-hid (Linux binaries here).
import { escpos } from '../../../../native/printer/escpos';
import { createPrintQueue } from '../../../../native/printer/print-queue';
import { createReceiptPrinter } from '../../../../native/printer/printer';
import { createWindowsSpoolerTransport } from '../../../../native/transports/windows-spooler';

const [printerName, resultFile] = process.argv.slice(2) as [string, string];

async function main(): Promise<Record<string, unknown>> {
  const transport = createWindowsSpoolerTransport({ printerName, documentName: 'OneWindow receipt' });
  const printer = createReceiptPrinter(transport);
  const queue = createPrintQueue({ printer, retryIntervalMs: 200 });
  const receipts = [1, 2].map((n) =>
    escpos().init().align('center').bold().line('社税银一体化便民服务点').bold(false).line(`受理凭证 第 ${n} 张`)
      .align('left').line('申请人：王*').line('证件号：110105********002X').qr(`https://example.invalid/case/${n}`).cut().build(),
  );
  for (const [i, bytes] of receipts.entries()) queue.enqueue(bytes, { jobId: `receipt-${i + 1}` });
  await queue.idle();
  const status = await printer.status();
  const jobs = queue.jobs().map((j) => ({ id: j.id, state: j.state, attempts: j.attempts }));
  let missing: string;
  try {
    await createWindowsSpoolerTransport({ printerName: `${printerName}-missing` }).open();
    missing = 'opened';
  } catch (err) {
    missing = (err as { code?: string }).code ?? String(err);
  }
  queue.close();
  await printer.close();
  return { platform: process.platform, jobs, status, missing, sent: receipts.map((r) => Buffer.from(r).toString('hex')) };
}

main().then(
  (result) => writeFileSync(resultFile, JSON.stringify(result)),
  (err: unknown) => writeFileSync(resultFile, JSON.stringify({ error: String((err as Error)?.stack ?? err) })),
);
