-- Changes a user's name, role, districts and whether they may sign in.
UPDATE users SET display_name = $display_name, role = $role,
  districts = list_filter(string_split($districts, ','), x -> x <> ''), disabled = $disabled
WHERE id = $id
