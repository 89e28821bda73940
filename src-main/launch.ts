import { spawn, spawnSync } from 'node:child_process';
import { appRoot } from './core/util/paths';
import { electronBinary } from './electron-binary';

/**
 * `npm start`: the Electron app where its binary exists; otherwise the web host (saying so), on the same embedded
 * defaults: local SQLite, the built-in simulator of both private lines, emulated devices.
 */

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
