"""Shared foundations of the site: they import Django and nothing of ours above them."""
