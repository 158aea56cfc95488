"""What every endpoint of the REST API (/api/v1/) shares: authentication, the one error shape,
permissions asked of architecture.access, paging, throttles, ETags and the OpenAPI schema.

The registers' own endpoints live with their app (architecture/api, dictionary/api, catalog/api);
config/api_urls.py puts them under one router.
"""
