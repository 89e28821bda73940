/**
 * The receiving side of the unsent-cases export, and the keys around it.
 *
 *   npm run unsent -- keygen --out DIR                 a recipient X25519 key pair (recipient.key.pem stays with the
 *                                                      receiver; recipient.pub.pem goes into exports.recipientPublicKey)
 *   npm run unsent -- terminal-key [--data-dir DIR]    the terminal's export signing public key (PEM) to pin
 *   npm run unsent -- read FILE --recipient-key PEM --terminal-key PEM [--out FILE]
 *                                                      verifies with the pinned terminal key, decrypts, prints the cases
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createVault, loadOrCreateKey } from '../crypto/vault';
import { openDatabase } from '../db/open';
import { appRoot } from '../util/paths';
import { ExportError, openSealedExport, privateKeyFromPem, publicKeyFromPem } from './sealed-export';
import { exportSigningKey } from './unsent-export';

export function readExportFile(file: string, recipientKeyPem: string, terminalKeyPem: string) {
  return openSealedExport(JSON.parse(readFileSync(file, 'utf8')), {
    recipientPrivateKey: privateKeyFromPem(recipientKeyPem, 'x25519'),
    terminalPublicKey: publicKeyFromPem(terminalKeyPem, 'ed25519'),
  });
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'data-dir': { type: 'string', default: path.join(appRoot(), '.data') },
      'recipient-key': { type: 'string' },
      'terminal-key': { type: 'string' },
    },
    strict: true,
  });
  const [command, file] = positionals;
  if (command === 'keygen' && values.out) {
    const { privateKey, publicKey } = generateKeyPairSync('x25519');
    mkdirSync(values.out, { recursive: true });
    writeFileSync(path.join(values.out, 'recipient.key.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(path.join(values.out, 'recipient.pub.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
    console.log(`wrote ${path.join(values.out, 'recipient.key.pem')} (keep it with the receiver) and recipient.pub.pem (pin it in the terminal's exports.recipientPublicKey)`);
    return 0;
  }
  if (command === 'terminal-key') {
    const dataDir = path.resolve(values['data-dir']!);
    const db = openDatabase(path.join(dataDir, 'onewindow.db'));
    try {
      console.log(createPublicKey(exportSigningKey(db, createVault(loadOrCreateKey(dataDir)))).export({ format: 'pem', type: 'spki' }).toString().trim());
    } finally {
      db.close();
    }
    return 0;
  }
  if (command === 'read' && file && values['recipient-key'] && values['terminal-key']) {
    try {
      const payload = readExportFile(file, readFileSync(values['recipient-key'], 'utf8'), readFileSync(values['terminal-key'], 'utf8'));
      const text = JSON.stringify(payload, null, 2);
      if (values.out) writeFileSync(values.out, text, { mode: 0o600 });
      else console.log(text);
      console.error(`verified and decrypted: terminal ${payload.terminalId}, exported ${payload.exportedAt}, ${payload.items.length} unsent revisions`);
      return 0;
    } catch (err) {
      if (err instanceof ExportError) {
        console.error(`refused: ${err.message}`);
        return 1;
      }
      throw err;
    }
  }
  console.error('usage: unsent keygen --out DIR | terminal-key [--data-dir DIR] | read FILE --recipient-key PEM --terminal-key PEM [--out FILE]');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
