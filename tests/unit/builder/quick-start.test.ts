import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = process.cwd();
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The command lines of README's quick-start block, comments dropped. */
function quickStart(): string[] {
  const section = /## Quick start\n([\s\S]*?)\n## /.exec(read('README.md'))?.[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** The commands a shell script runs at the top level: lines that are neither comments nor blank. */
const commands = (script: string) =>
  script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

describe("README's quick start and .ci/run stay in step", () => {
  it('README gives exactly two commands: one runs the terminal, one runs every test', () => {
    expect(quickStart()).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('.ci/run runs those commands as written, in order, and sets no environment variable', () => {
    const ci = commands(read('.ci/run'));
    const [install, start] = quickStart()[0]!.split(' && ');
    const at = (line: string) => ci.indexOf(line);
    expect(at(install!)).toBeGreaterThan(-1);
    // `npm start` is run as typed by tests/support/quick-start.sh, right after the install.
    expect(at('bash tests/support/quick-start.sh')).toBe(at(install!) + 1);
    expect(commands(read('tests/support/quick-start.sh')).some((line) => line.includes(`setsid ${start!} `))).toBe(true);
    expect(at(quickStart()[1]!)).toBeGreaterThan(at('bash tests/support/quick-start.sh'));
    expect(ci.filter((line) => /^(export\s|[A-Z_][A-Z0-9_]*=)/.test(line))).toEqual([]);
    expect(read('.ci/run')).not.toMatch(/ELECTRON_/);
    expect(read('tests/run-all.sh')).not.toMatch(/ELECTRON_/);
  });

  it("the prerequisite list lives in one script: npm test runs it first, .ci/run does not repeat it, README points to it", () => {
    const script = read('tests/support/prerequisites.sh');
    const packages = [...script.matchAll(/^\s+"([a-z0-9.-]+)\s+(?:command|file|lib)\s/gm)].map((m) => m[1]!);
    expect(packages).toEqual(expect.arrayContaining(['chromium', 'socat', 'fonts-noto-cjk', 'libusb-1.0-0', 'poppler-utils', 'zbar-tools']));
    const runAll = commands(read('tests/run-all.sh'));
    const firstStep = runAll.findIndex((line) => line.startsWith('npm run') || line.startsWith('npx'));
    expect(runAll.findIndex((line) => line.startsWith('bash tests/support/prerequisites.sh'))).toBeLessThan(firstStep);
    for (const pkg of packages) expect(read('.ci/run')).not.toMatch(new RegExp(`\\b${pkg.replace(/[.+]/g, '\\$&')}\\b`));
    expect(read('README.md')).toContain('tests/support/prerequisites.sh');
  });

  it("npm ci installs electron's package and types but never runs its download, and electron-builder still finds its version", async () => {
    const pkg = JSON.parse(read('package.json')) as { allowScripts: Record<string, boolean>; devDependencies: Record<string, string> };
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.devDependencies.electron).toBeDefined();
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
    const installed = JSON.parse(read('node_modules/electron/package.json')) as { version: string };
    expect(lock.packages['node_modules/electron']?.version).toBe(installed.version);
    const require = createRequire(path.join(root, 'package.json'));
    const { computeElectronVersion } = require('app-builder-lib/out/electron/electronVersion') as {
      computeElectronVersion(dir: string): Promise<string>;
    };
    expect(await computeElectronVersion(root)).toBe(installed.version);
  });
});

describe('tests/support/prerequisites.sh', () => {
  const script = path.join(root, 'tests/support/prerequisites.sh');
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  /** A PATH holding only `id` (and what a test adds): every prerequisite probed as a command is then missing. */
  function barePath(): string {
    dir = mkdtempSync(path.join(tmpdir(), 'onewindow-prereq-'));
    chmodSync(dir, 0o755);
    symlinkSync('/usr/bin/id', path.join(dir, 'id'));
    return dir;
  }
  const commandPackages = ['chromium', 'socat', 'poppler-utils', 'zbar-tools', 'openssl'];
  const isRoot = process.getuid?.() === 0;

  it('passes silently when everything is present', () => {
    const run = spawnSync('bash', [script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  it('without root, stops with one line naming the exact command, and installs nothing', () => {
    const bin = barePath();
    // As root, drop to nobody for this run: the script must not try apt-get.
    const argv = isRoot ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '/bin/bash', script] : ['/bin/bash', script];
    const run = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { PATH: bin } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`npm test: missing ${commandPackages.join(' ')}; run: sudo apt-get update && sudo apt-get install -y ${commandPackages.join(' ')}`);
  });

  it.skipIf(!isRoot)('as root, says what it installs and installs it with apt-get (a fake apt-get that records its calls)', () => {
    const bin = barePath();
    const calls = path.join(bin, 'calls.log');
    // FAKE apt-get: records its arguments; "install" puts a stand-in for each package's probed command on PATH.
    const fake = `#!/bin/bash
echo "$*" >> ${calls}
if [ "$1" = install ]; then
  for c in chromium socat pdftotext zbarimg openssl; do printf '#!/bin/sh\\n' > ${bin}/$c; /bin/chmod +x ${bin}/$c; done
fi
`;
    writeFileSync(path.join(bin, 'apt-get'), fake, { mode: 0o755 });
    const run = spawnSync('/bin/bash', [script], { encoding: 'utf8', env: { PATH: bin } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`npm test: installing the Debian packages the tests need: ${commandPackages.join(' ')}`);
    expect(run.status).toBe(0);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['update -qq', `install -y -qq ${commandPackages.join(' ')}`]);
  });

  it.skipIf(!isRoot)('as root, when apt-get cannot install, says so in one line with the command and fails', () => {
    const bin = barePath();
    writeFileSync(path.join(bin, 'apt-get'), '#!/bin/bash\nexit 100\n', { mode: 0o755 }); // FAKE apt-get that fails
    const run = spawnSync('/bin/bash', [script], { encoding: 'utf8', env: { PATH: bin } });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`npm test: could not install ${commandPackages.join(' ')}; run: apt-get update && apt-get install -y ${commandPackages.join(' ')}`);
  });
});
