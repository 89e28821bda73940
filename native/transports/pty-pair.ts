import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PtyPair {
  /** Symlink to one pty end. */
  a: string;
  /** Symlink to the other pty end. */
  b: string;
  /** Kills socat and removes the temp directory. Idempotent. */
  close(): Promise<void>;
}

/**
 * Two connected pseudo-terminals through socat, for emulators (one end) and drivers (other end).
 * Ptys have no modem lines (DTR/RTS). Always call close() in test teardown.
 */
export async function createPtyPair(opts: { timeoutMs?: number } = {}): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'onewindow-pty-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    if (stderr.length < 4000) stderr += s;
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let spawnError: Error | null = null;
  child.once('error', (err) => {
    spawnError = err;
  });

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  while (!(existsSync(a) && existsSync(b))) {
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await close();
      const why = spawnError ? String(spawnError) : child.exitCode !== null ? `socat exited: ${stderr.trim()}` : 'timed out';
      throw new Error(`pty pair could not be created (${why})`);
    }
    await sleep(10);
  }
  return { a, b, close };
}
