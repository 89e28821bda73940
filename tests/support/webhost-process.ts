import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

/** The web host as its own process (`src-main/webhost/cli.ts ARGS`), resolved with the URL it prints first once its core is up. */
export async function startWebHostProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('web host did not start within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
      // The URL comes first (the page is served while the core starts); the `data:` line once the core is up.
      let url: string | null = null;
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (url === null) {
          const m = /^OneWindow web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
          if (m) url = m[1]!;
          else {
            clearTimeout(timer);
            reject(new Error(`unexpected first line: ${line}`));
          }
        } else if (line.startsWith('data: ')) {
          clearTimeout(timer);
          lines.removeAllListeners('line');
          resolve(url);
        }
      });
    });
    return { child, url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
