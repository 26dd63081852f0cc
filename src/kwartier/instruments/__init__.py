"""Outcome instruments: questionnaire definitions and their scoring.

``definitions`` holds every instrument as data (items, answer options, subscales,
bands and the named settings for rules on which sources disagree); ``scoring``
turns a dict of per-item answers into a :class:`~kwartier.instruments.scoring.Score`.
Both modules are plain Python without Django, so they can be tested, benchmarked
and used from the command line without a database. See ``docs/instruments.md``.
"""
