/** What an ID-card read yields. Contains personal data: never log it. */
export type IdCardType = 'resident' | 'hkmo_tw' | 'foreign_old' | 'foreign_2023';

export type GenderCode = '1' | '2' | '0' | '9';

export interface IdCardData {
  cardType: IdCardType;
  /** Chinese name (for foreign cards: the Chinese name if the card has one, else the English name). */
  name: string;
  nameEn?: string;
  gender: GenderCode;
  genderText: string;
  /** GB 3304 code, e.g. '01' (resident cards only). */
  ethnicity?: string;
  ethnicityText?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address?: string;
  /** 18-digit number for resident / HK-Macau-Taiwan / 2023 foreign cards; 15 characters for old foreign cards. */
  idNumber: string;
  issuer?: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null when the card is valid long-term (长期). */
  validTo: string | null;
  longTerm: boolean;
  /** Nationality code as printed on foreign cards (ISO 3166-1 alpha-3 on old cards). */
  nationality?: string;
  /** HK/Macau/Taiwan: the travel-permit number. Foreign 2023: the number of the holder's previous card, if any. */
  passNumber?: string;
  /** HK/Macau/Taiwan: issue count; foreign cards: card version / renewal count. */
  issueCount?: string;
  /** Raw WLT photo bytes (1024) as stored on the card; decoding needs a vendor library (see PhotoDecoder). */
  photoWlt: Uint8Array;
  /** Raw fingerprint feature bytes when read with 30 10 and the card holds them. */
  fingerprint?: Uint8Array;
}

/** Optional, pluggable WLT decoder (vendor library). None is shipped. */
export interface PhotoDecoder {
  /** Returns an image (e.g. BMP or PNG bytes) and its MIME type. */
  decode(wlt: Uint8Array): Promise<{ mime: string; bytes: Uint8Array }>;
}
