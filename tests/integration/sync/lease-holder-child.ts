/**
 * Child process of lease-takeover.test.ts: takes the sync lease of a real database file as a sync engine would
 * (with its process identity), prints "held", then renews it until it is killed.
 * Usage: lease-holder-child <dbFile> <ttlMs>
 */
import { openDatabase } from '../../../src-main/core/db/open';
import { KvLease } from '../../../src-main/core/sync/lease';
import { selfIdentity } from '../../../src-main/core/sync/process-identity';

const [file, ttl] = process.argv.slice(2);
const db = openDatabase(file!);
const lease = new KvLease(db, 'sync.lease.si', `child:${process.pid}`, Number(ttl), Date.now, { process: selfIdentity() });
if (!lease.acquire()) {
  process.stdout.write('refused\n');
  process.exit(1);
}
process.stdout.write('held\n');
setInterval(() => lease.acquire(), Math.max(10, Number(ttl) / 3));
