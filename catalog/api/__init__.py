"""The REST API of the database register: databases, their tables and fields, the standards they
follow, the services that reach them, and their review (/api/v1/databases/ and neighbours)."""
