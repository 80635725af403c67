"""Multilingual news summarization with citations."""

__version__ = "0.1.0"
