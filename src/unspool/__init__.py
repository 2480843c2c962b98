"""Unspool: unroll social-media threads into readable articles."""

__version__ = "0.1.0"
