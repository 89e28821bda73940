import { spawn, spawnSync } from 'node:child_process';
import { appRoot } from './core/util/paths';
import { electronBinary, fetchElectronBinary } from './electron-binary';

/**
 * `npm start`: the Electron app where its binary exists or can be fetched; otherwise the web host (saying so), on the
 * same embedded defaults: local SQLite, the built-in simulator of both private lines, emulated devices.
 *
 * `npm ci` never downloads the Electron binary (package.json's allowScripts denies electron's install script, so an
 * offline machine installs everything else); the first `npm start` fetches it once where the network allows.
 */

const root = appRoot();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);

let electron = electronBinary();
if (!electron) {
  const fetched = fetchElectronBinary(root);
  electron = fetched.binary;
  if (!electron) process.stderr.write(`OneWindow: no Electron binary (${fetched.why}); starting the web host instead (open the URL below in Chromium).\n`);
}

if (electron) {
  const built = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  process.stdout.write(`OneWindow: starting the Electron app (${electron})\n`);
  const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const child = spawn(npm, ['run', '--silent', 'start:web', '--', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
