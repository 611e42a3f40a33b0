"""Preferences and the security settings dialog."""
