"""Tests of `mentortui serve`: the built-in SSH server."""
