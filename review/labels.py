"""French labels for the caseworkers' pages: fields, rules, statuses, decisions."""

from __future__ import annotations

FIELD_LABELS_FR = {
    "last_name": "Nom",
    "first_names": "Prénoms",
    "birth_date": "Date de naissance",
    "document_number": "Numéro du document",
    "expiry_date": "Date d'expiration",
    "mrz": "Bande MRZ",
    "holder_name": "Titulaire",
    "address_line": "Adresse",
    "postal_code": "Code postal",
    "city": "Commune",
    "issue_date": "Date d'émission",
    "issuer": "Émetteur",
    "iban": "IBAN",
    "bic": "BIC",
    "france_travail_id": "Identifiant France Travail",
    "registration_date": "Date d'inscription",
    "provider_name": "Organisme de formation",
    "provider_siret": "SIRET de l'organisme",
    "training_title": "Intitulé de la formation",
    "start_date": "Date de début",
    "end_date": "Date de fin",
    "hours": "Durée (heures)",
    "cost_eur": "Coût (€)",
    "fiscal_number": "Numéro fiscal",
    "tax_reference": "Référence de l'avis",
    "reference_income": "Revenu fiscal de référence",
    "tax_year": "Année des revenus",
}

RULE_LABELS_FR = {
    "documents.missing": "Pièces obligatoires présentes",
    "documents.file_unreadable": "Fichiers lisibles",
    "documents.type_confidence": "Type de document reconnu avec certitude",
    "documents.quality": "Qualité de lecture suffisante",
    "documents.duplicate": "Aucun document en double",
    "documents.tampering": "Aucun signe de falsification",
    "identity.expired": "Pièce d'identité en cours de validité",
    "identity.name": "Pièce d'identité au nom du demandeur",
    "identity.birth_date": "Date de naissance conforme au formulaire",
    "identity.mrz": "Bande MRZ cohérente",
    "address.fresh": "Justificatif de domicile récent",
    "address.holder": "Justificatif de domicile au nom du demandeur",
    "address.postal_code": "Justificatif à l'adresse déclarée",
    "address.in_region": "Adresse dans la région",
    "bank.iban_valid": "IBAN valide",
    "bank.iban_match": "IBAN conforme au formulaire",
    "bank.holder": "RIB au nom du demandeur",
    "jobseeker.id": "Identifiant France Travail conforme",
    "jobseeker.fresh": "Attestation France Travail récente",
    "jobseeker.name": "Attestation France Travail au nom du demandeur",
    "training.siret_valid": "SIRET de l'organisme valide",
    "training.siret_match": "SIRET conforme au formulaire",
    "training.dates": "Dates de formation valides",
    "training.cost": "Coût conforme au devis",
    "training.cap": "Montant demandé dans le plafond",
    "read": "Lecture du fichier",
    "application.form": "Formulaire de demande valide",
    "application.program": "Programme connu",
}

STATUS_LABELS_FR = {
    "open": "À traiter",
    "in_review": "En instruction",
    "waiting": "En attente de corrections",
    "validated": "Validé",
    "refused": "Refusé",
    "auto_closed": "Clos (accepté par un traitement ultérieur)",
}

DECISION_LABELS_FR = {
    "accepted": "Accepté automatiquement",
    "needs_review": "À vérifier",
    "incomplete": "Incomplet",
}

TEXT_SOURCE_LABELS_FR = {
    "text_layer": "texte du PDF",
    "ocr": "reconnaissance de caractères",
    "mixed": "texte du PDF et OCR",
    "none": "aucun texte lu",
}

ACTION_LABELS_FR = {
    "pipeline_decision": "Décision du traitement automatique",
    "assign": "Attribution",
    "release": "Dossier libéré",
    "correct_field": "Correction d'un champ",
    "correct_doc_type": "Correction du type de document",
    "recheck": "Vérifications relancées",
    "validate": "Dossier validé",
    "request_correction": "Demande de corrections",
    "refuse": "Dossier refusé",
    "note": "Note interne",
    "reopen": "Dossier rouvert",
    "catalogue_edit": "Catalogue des motifs modifié",
}

FORM_LABELS_FR = {
    "application_id": "Numéro de dossier",
    "program": "Programme",
    "submitted_at": "Date de dépôt",
    "applicant.last_name": "Nom",
    "applicant.first_names": "Prénoms",
    "applicant.birth_date": "Date de naissance",
    "applicant.address.line1": "Adresse",
    "applicant.address.postal_code": "Code postal",
    "applicant.address.city": "Commune",
    "applicant.france_travail_id": "Identifiant France Travail",
    "applicant.iban": "IBAN",
    "training.provider_name": "Organisme de formation",
    "training.provider_siret": "SIRET de l'organisme",
    "training.title": "Intitulé de la formation",
    "training.start_date": "Début de la formation",
    "training.end_date": "Fin de la formation",
    "training.hours": "Durée (heures)",
    "training.cost_eur": "Coût de la formation (€)",
    "requested_amount_eur": "Montant demandé (€)",
}


def field_label(name: str) -> str:
    """The French label of a field (its code when unknown)."""
    return FIELD_LABELS_FR.get(name, name)


def rule_label(rule_id: str) -> str:
    """The French name of a rule (its id when unknown)."""
    return RULE_LABELS_FR.get(rule_id, rule_id)


# What decided a document's type (``documents.type_evidence``: ``kind: detail``).
TYPE_EVIDENCE_LABELS_FR = {
    "mrz_valid": "bande MRZ lue, chiffres de contrôle valides",
    "mrz_read": "bande MRZ lue, un chiffre de contrôle ne correspond pas",
    "mrz_shape": "lignes en forme de bande MRZ (non décodées)",
    "2d_doc": "code 2D-Doc",
    "iban_bic": "IBAN valide, BIC et en-tête de RIB",
    "siret_training": "SIRET valide et vocabulaire de formation",
    "registration": "déclaration d'inscription France Travail et identifiant",
    "card_title": "titre de carte d'identité en haut d'une carte",
    "model": "modèle statistique (texte et indices)",
    "open_set": "ne ressemble à aucun document connu de ce type",
    "mixed_pages": "le fichier semble contenir plusieurs documents",
    "illegible": "texte trop mal lu pour en juger (confiance OCR faible)",
    "definition": "aucun des mots qui définissent ce type de pièce",
    "keyword": "mots-clés (classifieur de référence)",
}


def type_evidence_label(evidence: str | None) -> str:
    """A caseworker's wording of what decided the type ("" when nothing was recorded)."""
    if not evidence:
        return ""
    parts = [part.strip() for part in evidence.split(";")]
    labels = []
    for part in parts:
        kind, _, detail = part.partition(":")
        label = TYPE_EVIDENCE_LABELS_FR.get(kind.strip())
        if label is None:
            continue
        if kind.strip() == "2d_doc" and detail.strip():
            label += f" ({detail.strip()})"
        if kind.strip().startswith("mrz") and detail.strip():
            label += f" ({detail.strip().split(',')[0]})"
        if part.startswith(("iban_bic", "siret_training", "registration", "card_title")) and (
            "contradicted" in evidence
        ):
            label += ", contredit par le texte"
        labels.append(label)
    return " ; ".join(dict.fromkeys(labels))
