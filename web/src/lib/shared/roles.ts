import type { Role } from './api.js';

/** Each role may do all that the roles below it may. */
const RANK: Record<Role, number> = { viewer: 1, methodologist: 2, admin: 3 };

/** Whether a user of `role` may do what `needed` may. */
export const roleAtLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/** The header every state-changing request carries the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
