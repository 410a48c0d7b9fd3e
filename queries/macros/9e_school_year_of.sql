-- The school year (September–August) a day falls in, by the year it starts in: 10.01.2023 → 2022.
CREATE OR REPLACE MACRO school_year_of(d) AS CASE WHEN month(d) >= 9 THEN year(d) ELSE year(d) - 1 END;
