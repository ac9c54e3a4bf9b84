"""Factories per app: tests/factories/<app>.py."""
