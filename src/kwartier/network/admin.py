"""No beheer pages for ties: like persons and households, the ecogram is person-level
data and is only reachable through the scoped pages and API, never an unscoped list."""
