-- What a user may do now: an upload waiting in the queue is imported with its uploader's rights of
-- the moment it starts, not of the moment it was sent.
SELECT role, districts, disabled FROM users WHERE id = $id
