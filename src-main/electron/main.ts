import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, type IpcMainEvent, type MessagePortMain } from 'electron';
import { loadConfig } from '../core/config/load';
import { configSchema } from '../core/config/schema';
import { createLogger, installCrashHandlers, runLogsCommand } from '../core/logging';
import { autoUpdater } from 'electron-updater';
import { superviseCore } from './core-supervisor';
import { createUpdateGate } from './update-gate';
import { KeyStoreRefused, loadDataKey } from './data-key';
import { channelFileFor, feedUrlFromAppUpdateYml, fetchSignedMetadata, verifyDownloadedUpdate } from './update-signature';
import { isWithinRollout, stagingUserIdFor } from './update-rollout';
import { registerAppScheme, serveRenderer } from './renderer-protocol';
import { APP_ORIGIN, applyAppSecurity, hardenedWebPreferences, isAppUrl } from './security';
import { startCitizenDisplay, type CitizenDisplay } from './citizen-window';

/**
 * Electron main: creates the window, applies the security rules, brokers the renderer↔core MessagePort and
 * restarts the core when it dies. It holds no state and talks to no device itself.
 */

const distDir = path.resolve(__dirname, '..');
const rendererDir = path.join(distDir, 'renderer');
const resourcesRoot = app.isPackaged ? process.resourcesPath : path.resolve(distDir, '..');

const dataDir = process.env.ONEWINDOW_DATA_DIR ?? path.join(app.getPath('userData'), 'data');
// One configuration file per terminal; on first run it does not exist yet and branch IT fills the first-run screen.
const configFile = process.env.ONEWINDOW_CONFIG ?? path.join(app.getPath('userData'), 'terminal.json');
const config = existsSync(configFile) ? loadConfig(configFile) : configSchema.parse({});
const logger = createLogger({ dir: path.join(dataDir, 'logs'), terminalId: config.terminalId, component: 'electron-main', level: config.logging.level });
installCrashHandlers(logger, { crashDir: path.join(dataDir, 'logs', 'crashes'), component: 'electron-main' });
// Native crash dumps (minidumps) stay on the machine, in the logs folder support collects; nothing is uploaded.
app.setPath('crashDumps', path.join(dataDir, 'logs', 'crashes', 'dumps'));
crashReporter.start({ uploadToServer: false, compress: true });

function log(level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void {
  logger[level](extra ?? {}, msg);
}

// `OneWindow --logs [--since 2h] [--level warn] [--case ID] [--follow]`: support reads the logs on the machine, no window.
const logsAt = process.argv.indexOf('--logs');
if (logsAt !== -1) {
  void runLogsCommand(['--dir', path.join(dataDir, 'logs'), ...process.argv.slice(logsAt + 1)], {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
  }).then((code) => app.exit(code));
} else {
  if (!app.requestSingleInstanceLock()) app.quit();
  registerAppScheme();
  app.whenReady().then(startApp, (err: unknown) => log('error', 'app failed to start', { err: String(err) }));
  app.on('window-all-closed', () => app.quit());
}

let win: BrowserWindow | null = null;
let rendererPort: MessagePortMain | null = null;
let citizenDisplay: CitizenDisplay | null = null;
let citizenPort: MessagePortMain | null = null;

/** The customer display's window gets its own port, served by the core's citizen dispatcher only. */
function handToCitizen(port: MessagePortMain): void {
  citizenPort?.close();
  citizenPort = port;
  const cw = citizenDisplay?.window();
  if (cw && !cw.isDestroyed()) cw.webContents.postMessage('onewindow:citizen-port', null, [port]);
}

function handToRenderer(port: MessagePortMain): void {
  rendererPort?.close();
  rendererPort = port;
  if (win && !win.isDestroyed()) win.webContents.postMessage('onewindow:port', null, [port]);
}

/** Every IPC message must come from our own window's main frame, on our own origin. */
function fromOurWindow(event: IpcMainEvent): boolean {
  return !!win && event.sender === win.webContents && !!event.senderFrame && event.senderFrame === win.webContents.mainFrame && isAppUrl(event.senderFrame.url);
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: '一窗通 OneWindow',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(path.join(__dirname, 'preload.cjs'), !app.isPackaged),
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

async function startApp(): Promise<void> {
  applyAppSecurity();
  serveRenderer(rendererDir);
  let dataKey: ReturnType<typeof loadDataKey>;
  try {
    dataKey = loadDataKey(app.getPath('userData'), config.mode);
  } catch (err) {
    if (!(err instanceof KeyStoreRefused)) throw err;
    // Production without an OS key store: refuse to start, with a message for branch IT.
    log('error', 'start refused: no OS key store in production mode');
    dialog.showErrorBox(err.title, err.message);
    app.exit(78);
    return;
  }
  const { key, osProtected } = dataKey;
  if (!osProtected) log('warn', 'the OS key store is not available: the data key is protected by file permissions only');

  const core = superviseCore({
    entry: path.join(__dirname, 'core.cjs'),
    env: {
      ONEWINDOW_ROOT: resourcesRoot,
      ONEWINDOW_DATA_DIR: dataDir,
      ONEWINDOW_CONFIG: configFile,
    },
    initMessage: { dataKey: key.toString('base64'), version: app.getVersion() },
    onPort: handToRenderer,
    onCitizenPort: handToCitizen,
    log,
  });

  ipcMain.on('onewindow:hello', (event) => {
    if (!fromOurWindow(event)) {
      log('warn', 'IPC from a foreign sender refused', { channel: 'onewindow:hello' });
      return;
    }
    core.reconnect();
  });

  ipcMain.on('onewindow:citizen-hello', (event) => {
    if (!citizenDisplay?.isSender(event)) {
      log('warn', 'IPC from a foreign sender refused', { channel: 'onewindow:citizen-hello' });
      return;
    }
    core.reconnectCitizen();
  });

  await createWindow();
  // The citizen's rating (好差评) on the customer display, when a second display is attached.
  citizenDisplay = startCitizenDisplay({
    preload: path.join(__dirname, 'citizen-preload.cjs'),
    devTools: !app.isPackaged,
    log,
  });
  app.on('before-quit', () => {
    citizenDisplay?.close();
    core.stop();
  });

  // Updates from the intranet server (electron-builder.yml `publish`): signature and sha512 verified by
  // electron-updater, staged roll-out by the server's stagingPercentage, installed only between cases.
  if (app.isPackaged) {
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = false;
    // Staged roll-out by terminal id (update-rollout.ts): the same terminals on every check, 10 % ⊂ 50 % ⊂ all.
    const stagingId = stagingUserIdFor(config.terminalId);
    autoUpdater.isUserWithinRollout = (info) => isWithinRollout(info.stagingPercentage, stagingId);
    const gate = createUpdateGate({
      check: async () => {
        // The channel file must carry the publisher's signature (pinned key), and the downloaded artifact must match
        // the sha512 it signed: a server serving something else is refused and nothing is installed.
        const feedUrl = feedUrlFromAppUpdateYml(readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8'));
        const signed = await fetchSignedMetadata({ feedUrl, channelFile: channelFileFor(process.platform) });
        const r = await autoUpdater.checkForUpdates();
        if (!r?.isUpdateAvailable || !r.downloadPromise) return false;
        const files = await r.downloadPromise;
        await verifyDownloadedUpdate({ file: files[0]!, offeredVersion: r.updateInfo.version, signed });
        return true;
      },
      isIdle: () => core.isIdle(),
      install: () => autoUpdater.quitAndInstall(true, true),
      log: (msg, extra) => log('info', msg, extra),
    });
    gate.start();
  }
}
