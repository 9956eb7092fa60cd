"""Page images of a document (login required; the file must match its stored hash)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from models.tables import DocumentRow
from review.deps import CurrentCaseworker, SessionDep, SettingsDep
from review.pages import PageUnavailable, render_page, resolve_file

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("/{document_id}/pages/{page}.png")
def page_image(
    document_id: int, page: int, session: SessionDep, user: CurrentCaseworker, settings: SettingsDep
) -> Response:
    """One page as PNG, upright (boxes are fractions of this image)."""
    doc = session.get(DocumentRow, document_id)
    if doc is None or page < 1 or page > 500:
        raise HTTPException(404, "Page introuvable.")
    rotations = doc.page_rotations or []
    rotation = int(rotations[page - 1]) if page <= len(rotations) and rotations[page - 1] else 0
    try:
        path = resolve_file(doc, doc.application, settings.batch_roots)
        png = render_page(path, page, scale=settings.page_render_scale, rotation=rotation)
    except PageUnavailable:
        raise HTTPException(404, "Image de la page indisponible (fichier introuvable ou modifié).") from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})
