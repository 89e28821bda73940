import { v7 as uuidv7 } from 'uuid';
import type { IdCardData } from '../../../native/idcard/types';
import type { ApplicantView } from '../../contract';
import { idNumberFacts, maskIdNumber, maskName, type ManualIdType } from '../../contract/validation';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import { nowIso } from '../util/time';

/** What the terminal keeps about a person, sealed at rest. */
export interface PersonalData {
  cardType: ApplicantView['cardType'];
  idNumber: string;
  name: string;
  gender: string | null;
  genderText: string | null;
  ethnicity: string | null;
  ethnicityText: string | null;
  birthDate: string | null;
  address: string | null;
  idValidTo: string | null;
  phone: string | null;
  /** 签发机关 as read from the card (absent in data kept before it was recorded). */
  issuer?: string | null;
}

interface ApplicantRow {
  id: string;
  id_type: string;
  id_masked: string;
  name_masked: string;
  personal_enc: Buffer;
}

export interface ApplicantService {
  /** Creates or refreshes the applicant for these personal data (keyed by ID number) and returns the screen view. */
  upsert(data: PersonalData, fromCard: boolean): ApplicantView;
  /** What a case needs of its applicant: the personal data for the request body, the masked forms for screens. */
  /** The applicant's personal data for a case body (read-only: the same object may serve the applicant's next case). */
  forCase(applicantId: string): { personal: Readonly<PersonalData>; idMasked: string; nameMasked: string } | undefined;
  view(applicantId: string, fromCard?: boolean): ApplicantView | undefined;
}

function idTypeOf(cardType: PersonalData['cardType']): string {
  if (cardType === 'hkmo_tw') return 'hkmo_tw';
  if (cardType === 'foreign_old' || cardType === 'foreign_2023') return 'foreign';
  if (cardType === 'other') return 'other';
  return 'resident';
}

export function toView(id: string, p: PersonalData, fromCard: boolean): ApplicantView {
  return {
    applicantId: id,
    cardType: p.cardType,
    name: p.name,
    idMasked: maskIdNumber(p.idNumber),
    genderText: p.genderText,
    ethnicityText: p.ethnicityText,
    birthDate: p.birthDate,
    validTo: p.idValidTo,
    fromCard,
    issuer: p.issuer ?? null,
  };
}

/** The card type kept for a number typed by hand with its 证件类型 (a resident number stays 'manual'). */
function manualCardType(idType: ManualIdType, idNumber: string): PersonalData['cardType'] {
  if (idType === 'hkmo_tw') return 'hkmo_tw';
  if (idType === 'foreign') return /^\d/.test(idNumber) ? 'foreign_2023' : 'foreign_old';
  if (idType === 'other') return 'other';
  return 'manual';
}

/** Personal data for an ID number typed in by hand (no card): what the number itself tells. */
export function manualPersonalData(idNumber: string, name: string, idType: ManualIdType = 'resident'): PersonalData {
  const facts = idNumberFacts(idNumber);
  return {
    cardType: manualCardType(idType, idNumber),
    idNumber: idNumber.toUpperCase(),
    name,
    gender: facts?.gender ?? null,
    genderText: facts ? (facts.gender === '1' ? '男' : '女') : null,
    ethnicity: null,
    ethnicityText: null,
    birthDate: facts?.birthDate ?? null,
    address: null,
    idValidTo: null,
    phone: null,
  };
}

export function createApplicantService(db: Db, vault: Vault, clock: () => number = Date.now): ApplicantService {
  const byHash = db.prepare<[string], { id: string; personal_enc: Buffer }>('SELECT id, personal_enc FROM applicants WHERE id_hash = ?');
  const byId = db.prepare<[string], ApplicantRow>('SELECT id, id_type, id_masked, name_masked, personal_enc FROM applicants WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO applicants (id, id_hash, id_type, id_masked, name_masked, personal_enc, created_at, updated_at, name_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare('UPDATE applicants SET id_type = ?, name_masked = ?, personal_enc = ?, updated_at = ?, name_hash = ? WHERE id = ?');
  const nameHash = (name: string) => vault.lookupHash(`name:${name.trim()}`);
  // The applicant last opened for a case, with the envelope it came from: a teller files several cases for the person
  // at the counter, and every change of the row seals a new envelope (fresh nonce), so an equal envelope is the same data.
  let opened: { id: string; envelope: Buffer; personal: Readonly<PersonalData> } | null = null;

  return {
    upsert(data, fromCard) {
      const normalized = { ...data, idNumber: data.idNumber.toUpperCase() };
      const hash = vault.lookupHash(normalized.idNumber);
      const now = nowIso(clock);
      return db.transaction(() => {
        const existing = byHash.get(hash);
        if (existing) {
          const previous = vault.open<PersonalData>(existing.personal_enc);
          // A manual entry never overwrites what a card told us; a card read refreshes everything but the phone.
          const merged: PersonalData = fromCard || previous.cardType === 'manual' ? { ...normalized, phone: normalized.phone ?? previous.phone } : previous;
          update.run(idTypeOf(merged.cardType), maskName(merged.name), vault.seal(merged), now, nameHash(merged.name), existing.id);
          return toView(existing.id, merged, fromCard);
        }
        const id = uuidv7();
        insert.run(id, hash, idTypeOf(normalized.cardType), maskIdNumber(normalized.idNumber), maskName(normalized.name), vault.seal(normalized), now, now, nameHash(normalized.name));
        return toView(id, normalized, fromCard);
      })();
    },
    forCase(applicantId) {
      const row = byId.get(applicantId);
      if (!row) return undefined;
      if (opened?.id !== row.id || !opened.envelope.equals(row.personal_enc)) {
        opened = { id: row.id, envelope: row.personal_enc, personal: Object.freeze(vault.open<PersonalData>(row.personal_enc)) };
      }
      return { personal: opened.personal, idMasked: row.id_masked, nameMasked: row.name_masked };
    },
    view(applicantId, fromCard = false) {
      const row = byId.get(applicantId);
      return row ? toView(row.id, vault.open<PersonalData>(row.personal_enc), fromCard) : undefined;
    },
  };
}

/** What the terminal keeps from an ID-card read (the photo stays on the card: it is not needed for a case). */
export function personalFromCard(card: IdCardData): PersonalData {
  return {
    cardType: card.cardType,
    idNumber: card.idNumber.toUpperCase(),
    name: card.name,
    gender: card.gender,
    genderText: card.genderText,
    ethnicity: card.ethnicity ?? null,
    ethnicityText: card.ethnicityText ?? null,
    birthDate: card.birthDate,
    address: card.address ?? null,
    idValidTo: card.validTo,
    phone: null,
    issuer: card.issuer ?? null,
  };
}
