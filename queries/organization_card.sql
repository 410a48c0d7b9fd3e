-- One organization with its district, for the organization card («Кто за этой цифрой» → a row).
SELECT o.code, o.name, o.short_name, o.org_type, o.district_code, d.name AS district_name, o.address, o.website
FROM organizations o
JOIN districts d ON d.code = o.district_code
WHERE o.code = $code
