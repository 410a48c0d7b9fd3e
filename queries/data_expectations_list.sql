-- The expectations the admin has set (the others keep their defaults).
SELECT dataset, expected, due_days FROM data_expectations
