import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Who holds a lease, in enough detail that another process on the same machine can prove the holder dead: host
 * name, pid, and on Linux the boot id and the process start time (clock ticks since boot, /proc/<pid>/stat field
 * 22). Pid plus start time names one process for the machine's uptime, so a reused pid is never taken for the
 * holder; the boot id tells a lease left before a reboot.
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  bootId?: string;
  startTicks?: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Fields 3 (state) and 22 (starttime) of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function procStat(pid: number): { state: string; startTicks: string } | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[0] && fields[19] ? { state: fields[0], startTicks: fields[19] } : undefined;
}

function bootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

export function selfIdentity(): ProcessIdentity {
  const startTicks = procStat(process.pid)?.startTicks;
  const boot = bootId();
  return { host: os.hostname(), pid: process.pid, ...(boot ? { bootId: boot } : {}), ...(startTicks ? { startTicks } : {}) };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: a process with this pid exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True only when `holder` is provably no longer running: it ran on this machine (same host name and, where known,
 * same boot) and its pid is gone, or the pid now names a process that started at another time (pid reuse) or a zombie, or the
 * machine has rebooted since. Anything that cannot be proven (another host, an identity without a pid, a pid that
 * is alive and whose start time cannot be read) counts as alive: the caller then waits for the lease to expire.
 */
export function provablyDead(holder: Partial<ProcessIdentity> | undefined, self: ProcessIdentity = selfIdentity()): boolean {
  if (!holder || typeof holder.pid !== 'number' || !Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.host !== self.host) return false;
  if (holder.bootId && self.bootId && holder.bootId !== self.bootId) return true;
  if (holder.pid === self.pid && holder.startTicks === self.startTicks) return false; // this very process
  if (!pidExists(holder.pid)) return true;
  if (!holder.startTicks) return false;
  const now = procStat(holder.pid);
  if (!now) return false;
  // Another process under the same pid, or the holder itself as a zombie its parent has not reaped yet.
  return now.startTicks !== holder.startTicks || now.state === 'Z' || now.state === 'X';
}
