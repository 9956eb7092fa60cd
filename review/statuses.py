"""Review item statuses, grouped by what can be done with the dossier."""

from __future__ import annotations

QUEUE_STATUSES = ("open", "in_review", "waiting")
TAKEABLE_STATUSES = ("open", "in_review")
DECIDED_STATUSES = ("validated", "refused")
