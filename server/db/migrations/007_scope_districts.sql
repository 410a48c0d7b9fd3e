-- This migration created the table macro scope_districts. Its source is queries/macros/ now:
-- every start replaces it (server/db/macros.ts), so nothing is left here.
SELECT 1;
