/** `npm run report -- ...`: see report-command.ts. */
import { runReportCommand } from './report-command';

process.exitCode = await runReportCommand(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
});
