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
  /**
   * 18 characters (17 digits + GB 11643 check character) for resident / HK-Macau-Taiwan / 2023 foreign cards; a 2023
   * foreign number starts with 9. Old (2017) foreign cards: 15 characters, 3 letters (nationality) + 12 digits.
   */
  idNumber: string;
  /**
   * Resident / HK-Macau-Taiwan cards: the issuing authority's name. Foreign 2017 cards: the 4-character code of the
   * authority that accepted the application (当次申请受理机关代码). Foreign 2023 cards carry none (reserved field).
   */
  issuer?: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null when the card is valid long-term (长期). */
  validTo: string | null;
  longTerm: boolean;
  /**
   * Foreign cards: nationality as the 3-letter GB/T 2659 (ISO 3166-1 alpha-3) code, on both layouts. The 2023 card
   * number embeds the numeric code of the same country instead (characters 4-6).
   */
  nationality?: string;
  /** HK/Macau/Taiwan: the travel-permit number. */
  passNumber?: string;
  /** HK/Macau/Taiwan: issue count (签发次数). Foreign 2023: renewal count (换证次数). */
  issueCount?: string;
  /** Foreign 2017 cards: card version number (证件版本号). */
  cardVersion?: string;
  /**
   * Foreign 2023 cards: the 3-character link to the holder's previous 15-character number (既往版本外国人永久居留证件
   * 号码关联项): per vendor SDKs the 2-digit city part of the old acceptance code plus the old sequence digit.
   * Kept raw; see id-text.ts for why the old number is not rebuilt here.
   */
  previousNumberLink?: string;
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
