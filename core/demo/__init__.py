"""Deterministic, realistic demo data for West Sumatra (names, places, businesses)."""
