/**
 * `npm run pin:hash`: reads a PIN from standard input (not from the command line, where shells keep history) and
 * prints its scrypt hash for the `users[].pinHash` field of the provisioned configuration.
 */
import { pinSchema } from '../../contract/people';
import { hashPin } from './pin';

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const pin = Buffer.concat(chunks).toString('utf8').trim();
if (!pinSchema.safeParse(pin).success) {
  console.error('a PIN is 6 to 12 digits (read from standard input)');
  process.exitCode = 2;
} else {
  console.log(await hashPin(pin));
}
