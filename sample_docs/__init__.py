"""Synthetic sample corpus: deterministic fake dossiers with documents and ground truth.

``sample_docs.generator.generate_batch`` writes a batch directory in the
CONTRACT.md §2 layout plus ``truth.json``; see ``sample_docs/README.md``.
"""
