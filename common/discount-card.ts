/** A discount card's number (or, in the directory, a prefix of a series): Latin letters and digits, at most CARD_MAX. */
export const CARD_MAX = 32;
export const CARD_NUMBER = new RegExp(`^[0-9A-Za-z]{1,${CARD_MAX}}$`);
