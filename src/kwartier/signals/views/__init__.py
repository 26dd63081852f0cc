"""The staff pages at /meldingen/ (work queue, signal page, map, figures) and the public
map of open signals in the resident portal. Thin: scoping in SignalQuerySet.visible_to,
changes in services.py and handling.py, drawing in core/maps.py, counts in figures.py."""
