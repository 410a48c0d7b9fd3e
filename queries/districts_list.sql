-- Districts for the filter bar.
SELECT code, name FROM districts ORDER BY name
