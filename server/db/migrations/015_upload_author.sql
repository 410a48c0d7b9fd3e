-- Whose data an upload carries, as the uploader typed it («по данным Ивановой»): a note beside
-- the account that uploaded (uploaded_by), never in its place.
ALTER TABLE uploads ADD COLUMN author VARCHAR;
