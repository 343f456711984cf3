"""The pure calculation core: no files, no clock, no printing."""
