/**
 * Whether Electron may start with the OS key store it has (Electron-free, so it is unit-tested here; data-key.ts
 * asks Electron's safeStorage and applies the decision). In production the data key must be sealed by a real OS key
 * store (DPAPI on Windows; the Secret Service or kwallet on Linux): without one Electron falls back to a fixed,
 * publicly known key (`basic_text`), which would leave personal data protected by file permissions only.
 */
export interface KeyStoreFacts {
  mode: 'production' | 'training' | 'development';
  platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable() */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux ('gnome_libsecret', 'kwallet5', 'basic_text', ...). */
  linuxBackend?: string;
}

export type KeyStoreDecision =
  | { start: true; osProtected: boolean; warning?: string }
  | { start: false; title: string; message: string };

const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

export function decideKeyStore(f: KeyStoreFacts): KeyStoreDecision {
  const weak = !f.encryptionAvailable || (f.platform === 'linux' && (f.linuxBackend === undefined || WEAK_BACKENDS.has(f.linuxBackend)));
  if (!weak) return { start: true, osProtected: true };
  if (f.mode !== 'production') {
    return { start: true, osProtected: false, warning: 'the OS key store is not available: the data key is protected by file permissions only (not allowed in production)' };
  }
  const fix =
    f.platform === 'linux'
      ? '请在本机安装并解锁系统密钥环（GNOME Keyring 或 KWallet），确认以该柜员账户登录桌面会话后再启动。\n' +
        'Install and unlock a system key ring (GNOME Keyring / KWallet via the Secret Service) for this account, log in to a desktop session, then start OneWindow again.'
      : '请确认 Windows 用户配置文件完整（DPAPI 可用），不要以临时配置文件登录。\n' +
        'Make sure the Windows user profile is complete (DPAPI available), not a temporary profile, then start OneWindow again.';
  return {
    start: false,
    title: 'OneWindow 无法启动：没有操作系统密钥库 / no OS key store',
    message:
      '生产模式下，个人数据的主密钥必须由操作系统密钥库保护；本机当前没有可用的密钥库，程序已停止，未读写任何数据。请联系分行 IT。\n' +
      'In production the master key for personal data must be sealed by the OS key store; none is available on this machine, so OneWindow stopped without touching any data. Branch IT:\n' +
      fix,
  };
}
