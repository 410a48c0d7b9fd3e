-- This migration created the table macros scope_organizations and scope_teachers. Their source
-- is queries/macros/ now: every start replaces them (server/db/macros.ts), so nothing is left here.
SELECT 1;
