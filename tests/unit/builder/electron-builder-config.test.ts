import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { load as parseYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
interface Target {
  target: string;
  arch: string[];
}
/** The parts of electron-builder.yml the tests look at. */
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  win: { target: Target[]; signExts: string[]; signtoolOptions: { signingHashAlgorithms: string[] } };
  nsis: Record<string, unknown>;
  linux: { target: Target[] };
  publish: { provider: string; url: string; channel: string };
}
const config = parseYaml(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

let compiled: ReturnType<Ajv['compile']> | null = null;
function validator() {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // electron-builder's schema marks hook options that may be functions; YAML can never hold one.
  ajv.addKeyword({ keyword: 'typeof', validate: (type: string, data: unknown) => typeof data === type });
  compiled = ajv.compile(schema);
  return compiled;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own JSON schema", () => {
    const validate = validator();
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail (a wrong type and an unknown option are refused)', () => {
    const validate = validator();
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'no' } })).toBe(false);
    expect(validate({ ...config, publishh: {} })).toBe(false);
  });

  it('builds what branch IT needs: NSIS x64 per machine, deb and AppImage for x64 and arm64', () => {
    expect(config.appId).toBe('cn.gov.longwan.onewindow');
    expect(config.productName).toBe('OneWindow');
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
    const linux = Object.fromEntries(config.linux.target.map((t) => [t.target, t.arch]));
    expect(linux).toEqual({ deb: ['x64', 'arm64'], AppImage: ['x64', 'arm64'] });
  });

  it('signs .node files, keeps native modules out of the asar, rebuilds them, and holds no secret', () => {
    expect(config.win.signExts).toContain('.node');
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile)\s*:/m);
  });

  it('sets the release fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships dist/, the migrations and the catalog data, and publishes to a generic intranet server', () => {
    expect(config.files).toContain('dist/**/*');
    for (const r of config.extraResources) {
      expect(existsSync(path.join(root, r.from)), r.from).toBe(true);
      expect(readdirSync(path.join(root, r.from)).length).toBeGreaterThan(0);
    }
    expect(config.extraResources.map((r) => r.from)).toEqual(['migrations', 'src-main/core/catalog/data']);
    expect(config.publish).toMatchObject({ provider: 'generic', channel: 'latest' });
    expect(config.publish.url).toMatch(/^https:\/\/[^/]+\.intranet\./);
  });
});
