"""The `pipeline` command (`app`), and `main`, its entry point."""

from pipeline.cli.app import app, main

__all__ = ["app", "main"]
