"""Versions recorded with every stored result, so each decision can be reproduced."""

# Bump when reading, classification or extraction changes what a document yields:
# it is part of the per-document cache key and stored with every result.
PIPELINE_VERSION = "0.2.0"
