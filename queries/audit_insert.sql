-- One audit record.
INSERT INTO audit_log (user_login, action, details, ip) VALUES ($user_login, $action, $details, $ip)
