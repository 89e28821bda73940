import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repoRoot, stopChild } from './_webhost';

/**
 * The simulator as its own process (`npm run sim`), as the private lines' servers are other machines: inside the
 * benchmark's process it would take the measured event loop (and heap) for its own parsing, gunzip and storage.
 */
export async function launchSimulator(args: string[]): Promise<{ si: string; tax: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/simulator/cli.ts', '--si-port', '0', '--tax-port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => stopChild(child);
  const urls = await new Promise<{ si: string; tax: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    const seen: Record<string, string> = {};
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^(si|tax): (\S+)$/.exec(line);
      if (m) seen[m[1]!] = m[2]!;
      if (seen.si && seen.tax) resolve({ si: seen.si, tax: seen.tax });
    });
  });
  return { ...urls, stop };
}
