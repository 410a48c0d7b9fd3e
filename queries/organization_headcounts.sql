-- An organization's teachers by school year, for its card.
SELECT school_year, teachers FROM organization_headcounts WHERE organization_code = $code ORDER BY school_year
