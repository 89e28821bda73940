import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The web host as its own process (`src-main/webhost/cli.ts`), as an operator starts it. Resolves once it printed its URL. */
export async function launchWebHost(dataDir: string, configFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', '--config', configFile, '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('web host did not start within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        const m = /^OneWindow web host: (\S+)$/.exec(line);
        if (m) resolve(m[1]!);
        else reject(new Error(`unexpected first line: ${line}`));
      });
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A training-mode terminal on embedded defaults: the built-in simulator serves both lines, devices are emulated. */
export const TRAINING_CONFIG = { mode: 'training', terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', windowNo: 3, tellerId: 'T0042' };
