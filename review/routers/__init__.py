"""One router per resource: auth, queue, dossiers, documents, dashboard, catalogue."""
