import { BrowserWindow, screen, type Display, type IpcMainEvent } from 'electron';
import { APP_ORIGIN, hardenedWebPreferences } from './security';

/** The citizen view's page: the only URL its window may show. */
export const CITIZEN_URL = `${APP_ORIGIN}/citizen.html`;

export interface CitizenDisplayOptions {
  preload: string;
  devTools: boolean;
  log: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

export interface CitizenDisplay {
  /** True when the IPC message comes from the citizen window's main frame showing the citizen page. */
  isSender(event: IpcMainEvent): boolean;
  window(): BrowserWindow | null;
  close(): void;
}

/** The display facing the citizen: any attached display other than the primary one (the teller's). */
export function citizenDisplayOf(displays: readonly Display[], primary: Display): Display | null {
  return displays.find((d) => d.id !== primary.id) ?? null;
}

/** Keys that would leave or reshape a kiosk window (reload, dev tools, zoom, full screen, close, print, find). */
function kioskKeyBlocked(input: Electron.Input): boolean {
  if (input.type !== 'keyDown') return false;
  if (/^F\d+$/.test(input.key)) return true;
  return input.control || input.meta || input.alt;
}

/**
 * The customer display (好差评): when a second display is attached, a full-screen, kiosk-like window on it that shows
 * only the citizen page. It cannot navigate, open windows, reload, zoom or open dev tools, and its preload exposes
 * the two citizen calls only. It follows displays being attached and removed.
 */
export function startCitizenDisplay(opts: CitizenDisplayOptions): CitizenDisplay {
  let win: BrowserWindow | null = null;
  let onDisplay: number | null = null;

  function open(display: Display): void {
    const { x, y, width, height } = display.bounds;
    win = new BrowserWindow({
      x,
      y,
      width,
      height,
      show: false,
      frame: false,
      fullscreen: true,
      kiosk: true,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      closable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      autoHideMenuBar: true,
      title: '服务评价',
      webPreferences: { ...hardenedWebPreferences(opts.preload, opts.devTools), disableDialogs: true },
    });
    onDisplay = display.id;
    win.setMenu(null);
    const contents = win.webContents;
    // Nothing but the citizen page: no navigation at all (it is one page), no new windows, no kiosk escape keys.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('before-input-event', (event, input) => {
      if (kioskKeyBlocked(input)) event.preventDefault();
    });
    contents.setZoomFactor(1);
    contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
    win.once('ready-to-show', () => win?.showInactive());
    win.on('closed', () => {
      win = null;
      onDisplay = null;
    });
    win.loadURL(CITIZEN_URL).catch((err: unknown) => opts.log('error', 'citizen view failed to load', { err: String(err) }));
    opts.log('info', 'citizen view opened on the customer display', { displayId: display.id });
  }

  function close(): void {
    if (!win || win.isDestroyed()) return;
    win.setClosable(true);
    win.destroy();
    win = null;
    onDisplay = null;
  }

  function follow(): void {
    const target = citizenDisplayOf(screen.getAllDisplays(), screen.getPrimaryDisplay());
    if (target && onDisplay === target.id && win) return;
    close();
    if (target) open(target);
  }

  screen.on('display-added', follow);
  screen.on('display-removed', follow);
  follow();

  return {
    isSender(event) {
      return !!win && event.sender === win.webContents && !!event.senderFrame && event.senderFrame === win.webContents.mainFrame && event.senderFrame.url.startsWith(CITIZEN_URL);
    },
    window: () => win,
    close() {
      screen.off('display-added', follow);
      screen.off('display-removed', follow);
      close();
    },
  };
}
