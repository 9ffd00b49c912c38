"""Provides the application's screens and dialogs."""
