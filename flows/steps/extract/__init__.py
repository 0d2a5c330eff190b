"""Extractors: one concern per module, each a set of plain functions over cleaned text."""
