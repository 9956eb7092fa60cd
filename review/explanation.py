"""The explanation of a decision owed to the applicant (CRPA, article R311-3-1-2), in French.

Built from stored data only (no document is read again): the application row,
its latest stored evaluation (``models.tables.EvaluationRow``: the rulebook's
id, version and settings, each rule's parameters, inputs and outcome), its
documents and the audit trail. Four parts, as the article lists them:

1. ``contribution``: how much and how the algorithm contributed to the decision;
2. ``donnees``: the data it used and where they came from;
3. ``parametres``: the processing's parameters and how they applied to this person;
4. ``operations``: the operations it performed, then what people did.

``dossiercheck explain`` prints it (JSON or Markdown, ``review.explanation_rendering``);
the review app shows it as a page and offers both as downloads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.doctypes import DOC_TYPES, DocType
from models.tables import ApplicationRow, AuditEvent, DocumentRow, EvaluationRow
from review.labels import (
    ACTION_LABELS_FR,
    DECISION_LABELS_FR,
    FORM_LABELS_FR,
    STATUS_LABELS_FR,
    TEXT_SOURCE_LABELS_FR,
    field_label,
    rule_label,
    type_evidence_label,
)

OUTCOME_LABELS_FR = {
    "passed": "satisfaite",
    "failed": "non satisfaite",
    "doubt": "non tranchée (vérification humaine)",
    "disabled": "désactivée par le règlement",
}
SETTING_LABELS_FR = {
    "region": "région couverte",
    "required_pieces": "pièces obligatoires",
    "optional_doc_types": "pièces facultatives",
    "type_confidence_threshold": "seuil de confiance du type de document",
    "quality": "seuils de qualité de lecture",
    "freshness_months": "ancienneté maximale (mois)",
    "cap_eur": "plafond de l'aide (€)",
    "names": "comparaison des noms",
}
# Audit actions that are people's part in the decision (the pipeline's own events are operations).
HUMAN_ACTIONS = frozenset(
    {
        "assign",
        "release",
        "correct_field",
        "correct_doc_type",
        "recheck",
        "validate",
        "refuse",
        "request_correction",
        "reopen",
        "note",
    }
)
_ACTION_EXTRA_FR = {"purge": "Suppression des données personnelles"}


WEIGHTING_FR = (
    "Les règles ne sont pas pondérées ni additionnées en un score : chacune est satisfaite, non "
    "satisfaite ou non tranchée. Une pièce obligatoire manquante rend le dossier « incomplet » ; toute "
    "autre règle non satisfaite ou non tranchée le transmet à un agent ; sinon il est accepté."
)


def doc_type_label(doc_type: str | None) -> str | None:
    """A document type in French (« Carte d'identité »), its code when unknown."""
    if doc_type is None:
        return None
    try:
        return DOC_TYPES[DocType.parse(doc_type)].label_fr
    except (KeyError, ValueError):
        return doc_type


class ExplanationNotFound(LookupError):
    """No dossier with this id in the database."""


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _form_label(path: str) -> str:
    return FORM_LABELS_FR.get(path, path)


def _input_fr(item: dict[str, Any]) -> dict[str, Any]:
    """One value a rule read, in French: where from (form or document and page), which, what."""
    if item.get("source") == "form":
        return {
            "origine": "formulaire de demande",
            "information": _form_label(str(item.get("field"))),
            "valeur": item.get("value"),
        }
    corrected = item.get("extractor") == "correction"
    return {
        "origine": "document",
        "document": item.get("document"),
        "type_de_document": doc_type_label(item.get("doc_type")),
        "page": item.get("page"),
        "information": field_label(str(item.get("field"))),
        "valeur": item.get("value"),
        "trouvee": item.get("extractor") is not None,
        "corrigee_par_un_agent": corrected,
    }


def _rule_fr(rule: dict[str, Any]) -> dict[str, Any]:
    return {
        "regle": rule.get("rule_id"),
        "libelle": rule_label(str(rule.get("rule_id"))),
        "active": bool(rule.get("enabled")),
        "parametres_propres": rule.get("params") or {},
        "parametres_du_reglement_utilises": {
            SETTING_LABELS_FR.get(k, k): v for k, v in (rule.get("settings") or {}).items()
        },
        "donnees_lues": [_input_fr(i) for i in rule.get("inputs") or []],
        "resultat": OUTCOME_LABELS_FR.get(str(rule.get("outcome")), rule.get("outcome")),
        "motifs": list(rule.get("codes") or []),
        "constats_excuses_par_un_autre_document": int(rule.get("excused") or 0),
    }


def _event_fr(event: AuditEvent) -> dict[str, Any]:
    after = event.after or {}
    entry: dict[str, Any] = {
        "quand": _iso(event.at),
        "qui": "traitement automatique" if event.actor == "pipeline" else event.actor,
        "action": event.action,
        "libelle": ACTION_LABELS_FR.get(event.action, _ACTION_EXTRA_FR.get(event.action, event.action)),
    }
    if event.action in ("correct_field", "correct_doc_type"):
        before = event.before or {}
        entry["information"] = field_label(str(after.get("field") or "doc_type"))
        entry["avant"] = before.get("value", before.get("doc_type"))
        entry["apres"] = after.get("value", after.get("doc_type"))
    elif event.action in ("validate", "refuse", "reopen"):
        entry["motif"] = after.get("decision_reason") or after.get("reason")
    elif event.action in ("pipeline_decision", "recheck"):
        entry["decision"] = after.get("decision")
    return entry


def _documents_fr(row: ApplicationRow) -> list[dict[str, Any]]:
    return [
        {
            "document": doc.file_name,
            "type_reconnu": doc_type_label(doc.doc_type),
            "confiance": round(doc.confidence, 3),
            "type_determine_par": type_evidence_label(doc.type_evidence) or None,
            "pages": doc.pages,
            "texte_lu_par": TEXT_SOURCE_LABELS_FR.get(doc.text_source, doc.text_source),
            "informations_extraites": sorted(field_label(f.name) for f in doc.fields),
            "lecture_impossible": doc.read_error,
        }
        for doc in row.documents
    ]


def _contribution(row: ApplicationRow, human: list[dict[str, Any]]) -> dict[str, Any]:
    item = row.review_item
    final = item.status if item is not None else None
    automatic = DECISION_LABELS_FR.get(row.decision, row.decision)
    decided_by_people = [e for e in human if e["action"] in ("validate", "refuse", "request_correction")]
    if row.decision == "accepted" and not decided_by_people:
        text = (
            "Le traitement automatique a vérifié toutes les conditions du règlement sans relever "
            "d'écart : le dossier a été accepté sans intervention humaine."
        )
    else:
        text = (
            f"Le traitement automatique a conclu « {automatic} » et a transmis le dossier à un agent. "
            "Il ne refuse jamais un dossier de lui-même : toute décision défavorable est prise par un agent, "
            "qui voit les constats du traitement et peut corriger les informations lues."
        )
    return {
        "texte": text,
        "decision_automatique": row.decision,
        "decision_automatique_libelle": automatic,
        "statut_apres_examen": final,
        "statut_apres_examen_libelle": STATUS_LABELS_FR.get(final, final) if final else None,
        "decide_par": item.decided_by if item is not None else None,
        "decide_le": _iso(item.decided_at) if item is not None else None,
    }


def build_explanation(session: Session, application_id: str) -> dict[str, Any]:
    """The explanation of one dossier's decision, from stored data (raises ExplanationNotFound)."""
    row = session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id == application_id)
        .options(
            selectinload(ApplicationRow.documents).selectinload(DocumentRow.fields),
            selectinload(ApplicationRow.findings),
            selectinload(ApplicationRow.review_item),
        )
    ).one_or_none()
    if row is None:
        raise ExplanationNotFound(application_id)
    evaluation = session.scalars(
        select(EvaluationRow).where(EvaluationRow.application_pk == row.id).order_by(EvaluationRow.id.desc())
    ).first()
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.application_id == application_id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    human = [_event_fr(e) for e in events if e.action in HUMAN_ACTIONS and e.actor != "pipeline"]
    rules = list(evaluation.rules) if evaluation is not None else []
    rulebook_version = evaluation.rulebook_version if evaluation is not None else row.rulebook_version
    form = row.form or {}
    declared = _flatten(form)
    return {
        "dossier": row.application_id,
        "programme": row.program,
        "produite_le": _iso(datetime.now(UTC)),
        "source": "données enregistrées lors du traitement (aucun document n'a été relu)",
        "donnees_personnelles_supprimees_le": _iso(row.purged_at),
        "reglement": {
            "identifiant": evaluation.rulebook_program if evaluation is not None else row.program,
            "titre": evaluation.rulebook_title if evaluation is not None else None,
            "version": rulebook_version,
            "empreinte_sha256": rulebook_version,
        },
        "versions": {
            "chaine_de_lecture": row.pipeline_version or None,
            "classifieur": row.classifier_version,
            "reglement": rulebook_version,
        },
        "contribution": _contribution(row, human),
        "donnees": {
            "formulaire": [{"information": _form_label(k), "valeur": v} for k, v in declared],
            "documents": _documents_fr(row),
        },
        "parametres": {
            "reglement": {
                SETTING_LABELS_FR.get(k, k): v
                for k, v in ((evaluation.rulebook_settings if evaluation is not None else {}) or {}).items()
            },
            "ponderation": WEIGHTING_FR,
            "regles": [_rule_fr(r) for r in rules],
            "detail_disponible": evaluation is not None,
        },
        "operations": {
            "traitement_automatique": _operations(evaluation, rules, row),
            "interventions_humaines": human,
            "historique": [_event_fr(e) for e in events],
        },
        "motifs": [
            {"motif": f.code, "regle": rule_label(f.rule_id), "document": f.document, "message": f.message_fr}
            for f in row.findings
        ],
    }


def _flatten(form: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in form.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, path + "."))
        else:
            out.append((path, value))
    return out


def _operations(
    evaluation: EvaluationRow | None, rules: list[dict[str, Any]], row: ApplicationRow
) -> list[str]:
    checked = [r for r in rules if r.get("enabled")]
    steps = [
        "Lecture de chaque fichier déposé (texte du PDF ou reconnaissance de caractères), "
        "et mesure de la qualité de lecture.",
        "Reconnaissance du type de chaque document (indices certains comme une bande MRZ, "
        "sinon modèle statistique avec un seuil de confiance).",
        "Extraction des informations utiles (nom, dates, IBAN, montants…) avec leur page.",
        f"Vérification de {len(checked)} règles du règlement sur ces informations et sur le formulaire "
        f"({sum(1 for r in checked if r.get('outcome') == 'passed')} satisfaites, "
        f"{sum(1 for r in checked if r.get('outcome') == 'failed')} non satisfaites, "
        f"{sum(1 for r in checked if r.get('outcome') == 'doubt')} non tranchées).",
        "Décision : « incomplet » s'il manque une pièce, « à vérifier » s'il reste un constat, "
        "« accepté » sinon.",
    ]
    if evaluation is None:
        steps[3] = "Vérification des règles du règlement (détail par règle non enregistré pour ce dossier)."
    elif evaluation.rulebook_version is None:
        steps[3] = (
            "Aucune règle n'a pu être appliquée : le formulaire n'est pas valide ou le programme est "
            "inconnu ; le dossier est transmis à un agent."
        )
    when = _iso(evaluation.at) if evaluation is not None else _iso(row.processed_at)
    return [*steps, f"Dernière évaluation : {when}."]
