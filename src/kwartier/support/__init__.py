"""Informal support in the neighbourhood: matching residents' hulpvragen to helpers' aanbod.

`kwartier.support.matching` is a pure engine (no Django) that assigns support questions to
helpers, capacity-aware and provably optimal; `kwartier.support.cli` exposes it as
`kwartier match INPUT.json -o OUTPUT.json`. See docs/matching.md.
"""
