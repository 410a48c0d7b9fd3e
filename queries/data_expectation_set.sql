-- Sets what is expected of a dataset, and by when.
INSERT OR REPLACE INTO data_expectations (dataset, expected, due_days) VALUES ($dataset, $expected, $due_days)
