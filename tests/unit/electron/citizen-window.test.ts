/**
 * The customer display's window and preload (好差评). There is no Electron binary on this machine, so `electron` is
 * replaced by a named mock (MOCK_ELECTRON) that records what the code asks of it; the code itself is the real code,
 * typechecked against electron.d.ts. What an Electron binary would add (the real kiosk window) is not tested here.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const MOCK_ELECTRON = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- vi.hoisted runs before the module's imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const exposed: Record<string, unknown> = {};
  const sent: string[] = [];
  const ipcRenderer = Object.assign(new Emitter(), { send: (channel: string) => sent.push(channel) });
  const windows: FakeWindow[] = [];
  class FakeContents extends Emitter {
    handlers: { open?: () => unknown } = {};
    setWindowOpenHandler(h: () => unknown) {
      this.handlers.open = h;
    }
    setZoomFactor() {}
    setVisualZoomLevelLimits() {
      return Promise.resolve();
    }
    mainFrame = { url: '' };
  }
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    destroyed = false;
    loaded: string | null = null;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    setMenu() {}
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    setClosable() {}
    destroy() {
      this.destroyed = true;
      this.emit('closed');
    }
    showInactive() {}
  }
  const displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
  const screen = Object.assign(new Emitter(), { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0] });
  return {
    exposed,
    sent,
    ipcRenderer,
    windows,
    displays,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer,
      BrowserWindow: FakeWindow,
      screen,
    },
  };
});
type FakeWindow = InstanceType<typeof MOCK_ELECTRON.module.BrowserWindow>;

vi.mock('electron', () => MOCK_ELECTRON.module);

describe('citizen preload', () => {
  it('exposes exactly the two citizen calls, which travel as calls on the port main hands it', async () => {
    await import('../../../src-main/electron/citizen-preload');
    const api = MOCK_ELECTRON.exposed.onewindowCitizen as Record<string, (i: unknown) => Promise<unknown>>;
    expect(Object.keys(MOCK_ELECTRON.exposed)).toEqual(['onewindowCitizen']);
    expect(Object.keys(api).sort()).toEqual(['currentCase', 'rateCase']);
    expect(MOCK_ELECTRON.sent).toEqual(['onewindow:citizen-hello']);

    const pending = api.currentCase!({});
    const { port1, port2 } = new MessageChannel();
    const seen: unknown[] = [];
    port2.onmessage = (m: MessageEvent<{ id: number; name: string }>) => {
      seen.push(m.data);
      port2.postMessage({ kind: 'result', id: m.data.id, result: { ok: true, value: null } });
    };
    MOCK_ELECTRON.ipcRenderer.emit('onewindow:citizen-port', { ports: [port1] });
    await expect(pending).resolves.toEqual({ ok: true, value: null });
    expect(seen).toEqual([{ kind: 'call', id: 1, name: 'currentCase', input: {} }]);
    port1.close();
    port2.close();
  });
});

describe('customer display window', () => {
  beforeEach(() => {
    MOCK_ELECTRON.windows.length = 0;
    MOCK_ELECTRON.displays.length = 1;
    (MOCK_ELECTRON.module.screen as unknown as EventEmitter).removeAllListeners();
  });

  async function start() {
    const { startCitizenDisplay, CITIZEN_URL } = await import('../../../src-main/electron/citizen-window');
    return { display: startCitizenDisplay({ preload: '/app/citizen-preload.cjs', devTools: false, log: () => {} }), CITIZEN_URL };
  }

  it('opens nothing with one display, and a kiosk window on the second display when one is attached', async () => {
    const { display, CITIZEN_URL } = await start();
    expect(MOCK_ELECTRON.windows).toHaveLength(0);
    MOCK_ELECTRON.displays.push({ id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } });
    (MOCK_ELECTRON.module.screen as unknown as EventEmitter).emit('display-added');
    expect(MOCK_ELECTRON.windows).toHaveLength(1);
    const w = MOCK_ELECTRON.windows[0] as FakeWindow;
    expect(w.options).toMatchObject({ x: 1920, y: 0, width: 1280, height: 800, fullscreen: true, kiosk: true, frame: false, closable: false });
    expect(w.options.webPreferences).toMatchObject({ preload: '/app/citizen-preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
    expect(w.loaded).toBe(CITIZEN_URL);

    // Nothing else is reachable: no navigation (not even to the teller's page), no new windows, no escape keys.
    const nav = { preventDefault: vi.fn() };
    w.webContents.emit('will-navigate', nav, 'app://onewindow/index.html');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(w.webContents.handlers.open?.()).toEqual({ action: 'deny' });
    for (const input of [{ key: 'F12' }, { key: 'r', control: true }, { key: 'F4', alt: true }, { key: 'F11' }]) {
      const ev = { preventDefault: vi.fn() };
      w.webContents.emit('before-input-event', ev, { type: 'keyDown', control: false, meta: false, alt: false, ...input });
      expect(ev.preventDefault, input.key).toHaveBeenCalled();
    }
    const typing = { preventDefault: vi.fn() };
    w.webContents.emit('before-input-event', typing, { type: 'keyDown', key: 'a', control: false, meta: false, alt: false });
    expect(typing.preventDefault).not.toHaveBeenCalled();

    // Only that window's main frame on the citizen page may say hello.
    w.webContents.mainFrame.url = CITIZEN_URL;
    expect(display.isSender({ sender: w.webContents, senderFrame: w.webContents.mainFrame } as never)).toBe(true);
    expect(display.isSender({ sender: new EventEmitter(), senderFrame: w.webContents.mainFrame } as never)).toBe(false);

    MOCK_ELECTRON.displays.pop();
    (MOCK_ELECTRON.module.screen as unknown as EventEmitter).emit('display-removed');
    expect(w.destroyed).toBe(true);
    expect(display.window()).toBeNull();
    display.close();
  });
});
