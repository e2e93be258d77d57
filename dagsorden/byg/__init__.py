"""Whole jobs: read everything, check everything, then write."""
