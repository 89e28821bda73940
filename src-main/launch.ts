import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { appRoot } from './core/util/paths';

/**
 * `npm start`: the Electron app where its binary exists; otherwise the web host (saying so), on the same embedded
 * defaults: local SQLite, the built-in simulator of both private lines, emulated devices.
 */
function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const root = appRoot();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const electron = electronBinary();
const args = process.argv.slice(2);

if (electron) {
  const built = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write('OneWindow: no Electron binary on this machine; starting the web host instead (open the URL below in Chromium).\n');
  const child = spawn(npm, ['run', '--silent', 'start:web', '--', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
