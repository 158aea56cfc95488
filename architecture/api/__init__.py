"""The REST API of the register of bodies and of personal tokens (/api/v1/bodies/, /api/v1/tokens/)."""
