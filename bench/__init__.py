"""Throughput, latency and memory measurements: `eventwire bench`."""
