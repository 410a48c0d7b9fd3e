-- Source ids of teachers written otherwise than their plain spelling (lower case, or Cyrillic
-- letters that look Latin: «t0015», «Т0015»), as keyed hashes: `canonical` is the hash of the id
-- in upper-case Latin letters («T0015»), `teacher_id` the hash of the spelling written, which
-- the data tables hold. A later file writing the same teacher another way is refused instead of
-- counting her twice (see FileCheck.refuseStoredSpellings); an upload's rows go with its rollback.
CREATE TABLE person_spellings (
  canonical VARCHAR NOT NULL,
  teacher_id VARCHAR NOT NULL,
  upload_id INTEGER NOT NULL
);
