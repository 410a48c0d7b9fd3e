/**
 * The registry details of the demo region's organizations: ИНН, КПП, ОГРН with valid control
 * digits, an address, the head and contacts. Their own random numbers, so that the rest of the
 * demo region stays as it was before organizations had them. Contacts use the reserved
 * .example domain: nobody's real mailbox.
 */
import type { TableRow } from '../db/tables.js';
import { completeInn, completeOgrn } from '../persons/identifiers.js';
import { FIRST_NAMES, PATRONYMICS, STREETS, SURNAMES } from './names.js';
import { Rng } from './rng.js';

/** The demo region's tax-office code (the first digits of ИНН and КПП). */
const REGION_TAX_CODE = '69';

type Registry = Pick<TableRow<'organizations'>, 'inn' | 'kpp' | 'ogrn' | 'address' | 'head' | 'email' | 'website' | 'is_branch'>;

export function registryDetails(index: number, districtIndex: number, town: string): Registry {
  const rng = new Rng(0x1e9 + index);
  const office = `${REGION_TAX_CODE}${String(districtIndex + 1).padStart(2, '0')}`;
  const inn = completeInn(`${office}${String(10_000 + index * 7).padStart(5, '0')}`);
  const ogrn = completeOgrn(`102${REGION_TAX_CODE}${String(districtIndex + 1).padStart(2, '0')}${String(index * 13).padStart(5, '0')}`);
  const slug = `org${String(index + 1).padStart(4, '0')}`;
  const female = rng.chance(0.8);
  const head = `${rng.pick(SURNAMES)}${female ? 'а' : ''} ${rng.pick(FIRST_NAMES[female ? 1 : 0])} ${rng.pick(PATRONYMICS)}${female ? 'на' : 'ич'}`;
  return {
    inn,
    kpp: `${office}01001`,
    ogrn,
    address: `${town}, ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}`,
    head,
    email: `${slug}@edu.example`,
    website: `https://${slug}.edu.example`,
    is_branch: false,
  };
}
