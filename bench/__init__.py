"""Benchmarks of the coach bot against a bare python-telegram-bot echo bot (see README.md)."""
