-- An approved mean (the questionnaires' mean rating) is stored with what it is the mean of: the
-- ratings' sum, beside its questionnaires (numerator). Every approved value is then read again
-- from its stored counts, rounded once as it is shown (Publications). NULL in figures approved
-- before this column: their sum is recovered from the stored value, which had been rounded to
-- hundredths (see legacyMeanValue in server/domain/publications.ts).
ALTER TABLE published_figures ADD COLUMN mean_of DOUBLE;
