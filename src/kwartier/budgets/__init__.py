"""Participatory budgeting: Pabulib files and allocation rules (pure Python, no Django)."""
