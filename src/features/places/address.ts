/**
 * A place's address on one line, "Toritie 5, 00940 Helsinki": pages, mail, calendar entries and
 * map searches all show it this way. Empty parts are left out.
 */
export function addressLine(place: { streetAddress: string; postalCode: string; city: string }): string {
  return [place.streetAddress, `${place.postalCode} ${place.city}`.trim()].filter(Boolean).join(', ');
}
