"""What ``calc`` and ``explain`` print: the JSON contract, tables, CSV, explanations, write-back."""
