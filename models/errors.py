"""The error taxonomy: each error knows the reason code it routes to.

Exceptions are for "could not evaluate"; one boundary handler per document
task turns them into findings on the dossier (``to_finding``).
"""

from __future__ import annotations

from models.reasons import Finding, ReasonCode, Severity


class DossierCheckError(Exception):
    """Base of every error the pipeline knows how to route."""

    code: ReasonCode = ReasonCode.FILE_UNREADABLE
    message_fr: str = "Le fichier n'a pas pu être traité."

    def __init__(self, detail: str = "", *, message_fr: str | None = None) -> None:
        super().__init__(detail or self.__class__.__doc__ or self.__class__.__name__)
        if message_fr is not None:
            self.message_fr = message_fr

    def to_finding(self, document: str | None, rule_id: str = "read") -> Finding:
        """The finding this error becomes on the dossier."""
        return Finding(
            rule_id=rule_id,
            code=self.code,
            severity=Severity.DOUBT,
            document=document,
            message_fr=self.message_fr,
            evidence={"error": type(self).__name__, "detail": str(self)[:300]},
        )


class FileUnreadable(DossierCheckError):
    """The file cannot be opened as a document."""

    code = ReasonCode.FILE_UNREADABLE
    message_fr = "Le fichier ne peut pas être ouvert."


class EmptyFile(FileUnreadable):
    """The file is empty."""

    message_fr = "Le fichier est vide (0 octet)."


class UnsupportedFormat(FileUnreadable):
    """The bytes are not a PDF, JPEG, PNG or TIFF."""

    message_fr = "Format de fichier non pris en charge (seuls PDF, JPEG, PNG et TIFF sont acceptés)."


class ExtensionMismatch(FileUnreadable):
    """The content does not match the file's extension."""

    message_fr = "Le contenu du fichier ne correspond pas à son extension."


class CorruptFile(FileUnreadable):
    """The file is damaged or truncated."""

    message_fr = "Le fichier est endommagé ou incomplet et ne peut pas être lu."


class EncryptedPdf(FileUnreadable):
    """The PDF is password-protected."""

    message_fr = "Le PDF est protégé par un mot de passe et ne peut pas être lu."


class FileTooLarge(FileUnreadable):
    """The file or its page count exceeds the configured limits."""

    message_fr = "Le fichier est trop volumineux pour être traité."


class UnreadableDocument(DossierCheckError):
    """The file opens but its text cannot be read reliably."""

    code = ReasonCode.UNREADABLE_DOCUMENT
    message_fr = "Le document ne peut pas être lu de façon fiable."


class ApplicationInvalid(DossierCheckError):
    """application.json is missing or invalid."""

    code = ReasonCode.APPLICATION_INVALID
    message_fr = "Le formulaire de demande (application.json) est absent ou invalide."


class EngineInterrupted(Exception):
    """A program the reader runs (Tesseract) was killed by a signal before it answered.

    Not a property of the file: the out-of-memory killer or an operator stopped
    it. Transient: the reading task retries it; after the retries, the document
    goes to a person with an "erreur technique" reason.
    """
