-- An upload's kept errors in file order.
SELECT row_number AS "row", column_name AS "column", value, message
FROM upload_errors
WHERE upload_id = $id
ORDER BY row_number, rowid -- rowid: the order the errors were found in, column by column
LIMIT $limit
