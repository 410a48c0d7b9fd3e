-- The commonest kinds of an upload's errors (JSON: column, message, rows, first row), counted over
-- all of them: upload_errors keeps only the first ones, and a file refused on 500 000 rows for one
-- reason should show that reason.
ALTER TABLE uploads ADD COLUMN error_kinds VARCHAR;
