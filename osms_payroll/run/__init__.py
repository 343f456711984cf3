"""Bulk runs: many workbooks and employers for one period, each published complete or not at all."""
