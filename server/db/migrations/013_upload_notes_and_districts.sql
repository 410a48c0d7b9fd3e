-- What an upload's result tells the user besides errors (the sheet read, rows left out as
-- totals or signatures, codes respelled), one note per line; and the districts its uploader
-- was limited to (comma-separated; NULL for an admin or the command line): a methodologist sees
-- the uploads of her districts only.
ALTER TABLE uploads ADD COLUMN notes VARCHAR;
ALTER TABLE uploads ADD COLUMN districts VARCHAR;
