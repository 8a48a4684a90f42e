"""Tests for kit, mirroring the package."""
