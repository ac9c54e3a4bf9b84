"""Workarounds for upstream gaps, one module each, each with a test that fails once upstream fixes
the gap (tests/test_upstream_workarounds.py)."""
