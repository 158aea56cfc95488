"""The REST API of the Shared Data Dictionary: elements, code lists and values, releases and
change requests (/api/v1/elements/ and neighbours)."""
