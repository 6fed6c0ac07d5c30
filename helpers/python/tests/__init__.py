"""Unit tests of the concurrency_lab package: python3 -m unittest discover -s tests -t . (from helpers/python)."""
