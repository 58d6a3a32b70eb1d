"""The package version: a leaf module, so that no module imports the package root."""

from __future__ import annotations

__version__ = "0.1.0"
