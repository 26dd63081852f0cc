"""Tests of the outcome instruments (pure Python, no Django)."""
