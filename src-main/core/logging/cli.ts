/** `npm run logs -- ...`: see logs-command.ts. */
import { runLogsCommand } from './logs-command';

const code = await runLogsCommand(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
});
process.exitCode = code;
