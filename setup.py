"""Declares the optional Cython accelerator; everything else is in pyproject.toml."""

from setuptools import setup

setup()
