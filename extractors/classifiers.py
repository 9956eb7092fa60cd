"""Which document-type classifier a site runs: the settings choose, this module builds it.

It sits above both classifiers (``extractors.classify``, the keyword baseline,
and ``extractors.transformers_classifier``) so that neither imports the other's
factory.
"""

from __future__ import annotations

from extractors.classify import Classifier, KeywordClassifier
from models.settings import Settings, get_settings


def default_classifier(settings: Settings | None = None) -> Classifier:
    """The classifier the settings name: ``transformers`` (default) or ``keyword``.

    The transformers classifier loads its artifact here and raises
    ``ClassifierUnavailable`` if it cannot: a misconfigured site fails loudly
    instead of silently running the keyword baseline.
    """
    settings = settings or get_settings()
    if settings.classifier == "keyword":
        return KeywordClassifier()
    from extractors.transformers_classifier import TransformersClassifier  # torch: loaded only when chosen

    return TransformersClassifier(
        settings.classifier_path, encoder=settings.classifier_encoder, threads=settings.classifier_threads
    )
