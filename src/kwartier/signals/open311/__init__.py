"""The Open311 GeoReport v2 server at /open311/v2/ (docs/open311.md).

Plain Django views, not DRF: GeoReport has its own answers (bare JSON arrays, XML) and its
own error list, and stays out of the /api/v1 schema and its problem details.
"""
