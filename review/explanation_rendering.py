"""The explanation of a decision (``review.explanation.build_explanation``) as JSON or Markdown, in French."""

from __future__ import annotations

import json
from typing import Any


def explanation_json(explanation: dict[str, Any]) -> str:
    """The explanation as indented JSON (UTF-8 text, accents kept)."""
    return json.dumps(explanation, ensure_ascii=False, indent=2, default=str) + "\n"


def _md_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return "`" + json.dumps(value, ensure_ascii=False, default=str) + "`"
    return " / ".join(str(value).splitlines()).replace("|", "\\|")


def explanation_markdown(explanation: dict[str, Any]) -> str:
    """The explanation as a Markdown document in French."""
    rulebook, versions = explanation["reglement"], explanation["versions"]
    contribution = explanation["contribution"]
    lines = [
        f"# Explication de la décision — dossier {explanation['dossier']}",
        "",
        f"Produite le {explanation['produite_le']} à partir des {explanation['source']}.",
    ]
    if explanation.get("donnees_personnelles_supprimees_le"):
        lines.append(
            f"Les données personnelles de ce dossier ont été supprimées le "
            f"{explanation['donnees_personnelles_supprimees_le']} : seuls restent les éléments anonymes."
        )
    lines += [
        "",
        "## 1. Contribution du traitement algorithmique à la décision",
        "",
        contribution["texte"],
        "",
        f"- Décision du traitement automatique : {contribution['decision_automatique_libelle']}",
        f"- Statut après examen : {contribution['statut_apres_examen_libelle'] or '—'}",
        f"- Décidé par : {contribution['decide_par'] or '—'} le {contribution['decide_le'] or '—'}",
        "",
        "## 2. Données utilisées et leur origine",
        "",
        "### Formulaire de demande",
        "",
    ]
    lines += [
        f"- {d['information']} : {_md_value(d['valeur'])}" for d in explanation["donnees"]["formulaire"]
    ]
    lines += [
        "",
        "### Documents déposés",
        "",
        "| document | type reconnu | lu par | pages |",
        "|---|---|---|---|",
    ]
    for d in explanation["donnees"]["documents"]:
        how = d["type_determine_par"] or f"confiance {d['confiance']}"
        lines.append(
            f"| {_md_value(d['document'])} | {d['type_reconnu']} ({how}) "
            f"| {d['texte_lu_par']} | {d['pages']} |"
        )
    lines += [
        "",
        "## 3. Paramètres du traitement et leur application à votre dossier",
        "",
        f"Règlement « {rulebook['titre'] or rulebook['identifiant']} » "
        f"(identifiant {rulebook['identifiant']}), "
        f"version {rulebook['version']} (empreinte SHA-256 du fichier). Chaîne de lecture "
        f"{versions['chaine_de_lecture']}, classifieur {versions['classifieur']}.",
        "",
    ]
    lines += [f"- {k} : {_md_value(v)}" for k, v in explanation["parametres"]["reglement"].items()]
    lines += ["", explanation["parametres"]["ponderation"]]
    lines += ["", "| règle | résultat | paramètres | données lues |", "|---|---|---|---|"]
    for rule in explanation["parametres"]["regles"]:
        read = "; ".join(
            f"{i['information']} = {_md_value(i['valeur'])}"
            + (f" ({i['document']}, p. {i['page']})" if i["origine"] == "document" else " (formulaire)")
            for i in rule["donnees_lues"]
        )
        params = {**rule["parametres_propres"], **rule["parametres_du_reglement_utilises"]}
        lines.append(
            f"| {rule['libelle']} | {rule['resultat']}"
            f"{' (' + ', '.join(rule['motifs']) + ')' if rule['motifs'] else ''} | "
            f"{_md_value(params) if params else '—'} | {read or '—'} |"
        )
    lines += ["", "## 4. Opérations effectuées", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(explanation["operations"]["traitement_automatique"], 1)]
    lines += ["", "### Interventions humaines", ""]
    human = explanation["operations"]["interventions_humaines"]
    lines += [f"- {e['quand']} — {e['qui']} : {e['libelle']}" for e in human] or ["- aucune"]
    if explanation["motifs"]:
        lines += ["", "## Constats", ""]
        lines += [f"- {m['motif']} ({m['regle']}) : {m['message']}" for m in explanation["motifs"]]
    return "\n".join(lines) + "\n"
