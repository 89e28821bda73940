/**
 * npm run update:sign -- --key publisher.pem release/latest-linux.yml
 * On the release machine: writes the detached Ed25519 signature of a channel file beside it (`<file>.sig`), which
 * the terminals verify against the pinned publisher key before installing (update-signature.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SIGNATURE_SUFFIX, signUpdateMetadata } from './update-signature';

const { values, positionals } = parseArgs({ options: { key: { type: 'string' } }, allowPositionals: true });
if (!values.key || positionals.length !== 1) {
  process.stderr.write('usage: npm run update:sign -- --key publisher.pem release/latest-linux.yml\n');
  process.exit(2);
}
const file = positionals[0]!;
writeFileSync(file + SIGNATURE_SUFFIX, signUpdateMetadata(readFileSync(file), readFileSync(values.key, 'utf8')) + '\n');
process.stdout.write(`signed: ${file}${SIGNATURE_SUFFIX}\n`);
