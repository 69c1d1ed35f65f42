"""Readers: bytes of one format -> :class:`loaders.blocks.RawDocument`."""
