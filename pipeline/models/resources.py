"""What the offline translator needs from this machine, each as one typed object.

An Apertium mode, a spaCy pipeline, a FreeDict dictionary, an English word list: each resource
knows whether it is here, where, or why not and what installs it, and its fingerprint (part of the
translator's, so that installing or removing one makes incremental runs translate again). Each
kind lives beside the code that uses it; `pipeline models` lists a translator's `resources`.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True)
class Resource(ABC):
    name: str
    kind: ClassVar[str]  # what it is, for a person: "Apertium mode", "dictionary (FreeDict)"
    code: ClassVar[str]  # the same, in a fingerprint: "apertium", "dictionary"

    @property
    @abstractmethod
    def problem(self) -> str | None:
        """Why it is not here, with what installs it; None when it is."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where it is (meaningful when it is here)."""

    @property
    def here(self) -> bool:
        return self.problem is None

    @property
    def detail(self) -> str:
        """Where it is, or why it is not."""
        return self.location if self.problem is None else self.problem

    @property
    def fingerprint(self) -> str:
        return f"{self.code}:{self.name}" + ("" if self.here else "@absent")

    @property
    def debian_package(self) -> str | None:
        """The Debian package that installs it; None for what is not one's."""
        return None


@dataclass(frozen=True)
class FileResource(Resource):
    """A data file a Debian package installs."""

    path: Path
    package: str

    @property
    def problem(self) -> str | None:
        return None if self.path.is_file() else f"no {self.path}: apt-get install {self.package}"

    @property
    def debian_package(self) -> str | None:
        return self.package

    @property
    def location(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class PythonPackage(Resource):
    """A model shipped as a Python package (a spaCy pipeline on PyPI): here when importable."""

    @property
    def problem(self) -> str | None:
        found = importlib.util.find_spec(self.name) is not None
        return None if found else f"not installed: pip install {self.name.replace('_', '-')}"

    @property
    def location(self) -> str:
        return f"{self.name}=={importlib.metadata.version(self.name.replace('_', '-'))}"

    @property
    def fingerprint(self) -> str:
        return f"{self.code}:{self.location if self.here else self.name + '@absent'}"
