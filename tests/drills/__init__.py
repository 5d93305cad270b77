"""Drills: each reproduces a way found to stop, freeze or silently change the service (issue 10)."""
