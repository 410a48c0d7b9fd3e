-- The kinds of an upload's errors as its import counted them (JSON), or NULL.
SELECT error_kinds FROM uploads WHERE id = $id
