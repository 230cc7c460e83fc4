/** How names are kept for search: lower case with ё folded to е, so "ЁЖИК" finds "ежик". */
export function searchKey(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}
