"""Benchmark-only wrapper around the product: adds a bare view, so no benchmark code lands in the product."""
