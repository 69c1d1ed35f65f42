"""Strawberry types, one concept per module."""

from .health import Health

__all__ = ["Health"]
