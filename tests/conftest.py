"""Shared test configuration: one hypothesis settings profile for the whole suite.

Property tests run without a per-example deadline (a machine under load would trip it, and a
slow example is not a wrong one) and with 100 examples unless a test asks for another number.
The strategies that several test modules draw from live in ``tests/strategies.py``.
"""

from hypothesis import settings

settings.register_profile("itml", deadline=None, max_examples=100)
settings.load_profile("itml")
