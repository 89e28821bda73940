/**
 * Which terminals take a staged release: electron-updater's own rule (AppUpdater.isStagingMatch) applied to an id
 * derived from the terminal id, installed as `autoUpdater.isUserWithinRollout` in main.ts. Electron-free, so the
 * decision is unit-tested against a played update server (tests/unit/electron/update-rollout.test.ts).
 *
 * electron-updater reads bytes 12..15 of a per-install random UUID (`.updaterId` in userData) as a number in [0, 1)
 * and takes the update when it is below `stagingPercentage / 100`. Here the UUID is a v5 of the terminal id, so a
 * terminal keeps its place in the roll-out across reinstalls and re-imaged PCs, support can tell which terminals a
 * share includes (stagingRank), and raising the share only ever adds terminals (10 % ⊂ 50 % ⊂ 100 %).
 * One deliberate difference: electron-updater rolls a malformed stagingPercentage out to everyone; here it holds.
 */
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';

/** Namespace of the staging ids (a fixed v4; changing it would reshuffle every roll-out). */
const STAGING_NAMESPACE = '8c0a4d5e-3f61-4b7e-9a8d-6a2f1c3e5b70';

export function stagingUserIdFor(terminalId: string): string {
  return uuidv5(terminalId, STAGING_NAMESPACE);
}

/** The terminal's place in every roll-out, in [0, 1): it takes a release staged at p % when rank < p / 100. */
export function stagingRank(stagingUserId: string): number {
  return Buffer.from(parseUuid(stagingUserId)).readUInt32BE(12) / 0xffffffff;
}

/** Whether a release whose latest.yml carries this stagingPercentage is for this terminal (absent: for all). */
export function isWithinRollout(stagingPercentage: unknown, stagingUserId: string): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  const percent = typeof stagingPercentage === 'number' ? stagingPercentage : Number.parseInt(String(stagingPercentage), 10);
  if (!Number.isFinite(percent)) return false;
  return stagingRank(stagingUserId) < percent / 100;
}
