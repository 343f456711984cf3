"""The SDK version, in the kernel so that every floor may print it."""

__version__ = "0.1.0"
