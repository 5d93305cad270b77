"""Drills: one regression per failure a red-team pass found (issue 10), through real servers."""
