"""Parse a 2D-Doc message (ANTS): header, data fields, signature, annex.

A message is ``header`` + ``data`` + ``<US>`` + ``signature`` (base32 of the
ECDSA r‖s) + optionally ``<RS>`` + annex. The header has fixed positions:

====== ======================================================================
V01-02 ``DC`` version(2) CA(4) certificate(4) issue(4) signature date(4) type(2): 22 chars
V03    the same + perimeter(2): 24 chars
V04    the same + perimeter(2) + country(2): 26 chars
====== ======================================================================

Dates are hexadecimal days since 2000-01-01, ``FFFF`` meaning none. The
signed bytes are the message **exactly as read** up to the ``<US>``
(``signed_bytes``): nothing is rebuilt from the parsed fields, so a ``<GS>``
that ends the data is signed like the rest.

Parsing never raises on a data field: an unknown identifier or a truncated
field stops the field list and is reported in ``problems``. Only a message
that is no 2D-Doc at all (no ``DC`` marker, a short or invalid header, a
binary V4 message) raises ``MalformedTwoDDoc`` with a reason for people.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from extractors.twoddoc.definitions import DOCUMENT_TYPES, FIELDS, FieldDef

GS, US, RS = "\x1d", "\x1f", "\x1e"
EPOCH = date(2000, 1, 1)
HEADER_LENGTHS = {1: 22, 2: 22, 3: 24, 4: 26}
_HEADER = re.compile(r"DC(0[1-4])([A-Z0-9]{4})([A-Z0-9]{4})([0-9A-F]{4})([0-9A-F]{4})([A-Z0-9]{2})")


class MalformedTwoDDoc(ValueError):
    """The symbol's content is not a 2D-Doc message this reader understands."""


@dataclass(frozen=True)
class Header:
    """The fixed-position header of a 2D-Doc."""

    version: int
    ca_id: str
    cert_id: str
    issue_date_hex: str
    signature_date_hex: str
    doc_type: str
    perimeter: str | None  # V03 and V04
    country: str | None  # V04
    length: int

    @property
    def issue_date(self) -> date | None:
        """The document's issue date (``FFFF``: none)."""
        return hex_date(self.issue_date_hex)

    @property
    def signature_date(self) -> date | None:
        """The date the 2D-Doc was signed (``FFFF``: none)."""
        return hex_date(self.signature_date_hex)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (dates ISO, None when ``FFFF``)."""
        issue, signed = self.issue_date, self.signature_date
        return {
            "version": self.version,
            "ca_id": self.ca_id,
            "cert_id": self.cert_id,
            "issue_date": issue.isoformat() if issue else None,
            "signature_date": signed.isoformat() if signed else None,
            "doc_type": self.doc_type,
            "doc_type_label": DOCUMENT_TYPES.get(self.doc_type, ""),
            "perimeter": self.perimeter,
            "country": self.country,
        }


@dataclass(frozen=True)
class Field:
    """One data field: identifier, text as in the message, decoded value."""

    ident: str
    raw: str
    value: str
    label: str


@dataclass
class TwoDDoc:
    """A parsed 2D-Doc message."""

    raw: str
    header: Header
    fields: list[Field]
    signature_b32: str
    annex: str | None
    problems: list[str] = field(default_factory=list)

    @property
    def signed_bytes(self) -> bytes:
        """The bytes the issuer signed: the message as read, up to the ``<US>``."""
        return self.raw.split(US, 1)[0].encode("latin-1", errors="replace")

    @property
    def signature(self) -> bytes | None:
        """The signature's bytes (r‖s), None when absent or not base32."""
        text = self.signature_b32.strip()
        if not text:
            return None
        try:
            return base64.b32decode(text + "=" * (-len(text) % 8))
        except (binascii.Error, ValueError):
            return None

    def get(self, ident: str) -> str | None:
        """The decoded value of the first field with this identifier, or None."""
        for item in self.fields:
            if item.ident == ident:
                return item.value
        return None

    def field_dict(self) -> dict[str, str]:
        """Identifier → decoded value (the first occurrence wins)."""
        out: dict[str, str] = {}
        for item in self.fields:
            out.setdefault(item.ident, item.value)
        return out


def hex_date(text: str) -> date | None:
    """Hex days since 2000-01-01 → date; ``FFFF`` → None."""
    if text.upper() == "FFFF":
        return None
    return EPOCH + timedelta(days=int(text, 16))


def _dmy(text: str) -> str:
    return date(int(text[4:8]), int(text[2:4]), int(text[0:2])).isoformat()


def decode_value(definition: FieldDef, raw: str) -> str:
    """The value of a field for people and comparisons (raw text when it does not decode)."""
    kind = definition.kind
    try:
        if kind == "date4":
            found = hex_date(raw)
            return found.isoformat() if found else ""
        if kind == "dmy":
            return _dmy(raw)
        if kind == "dmyhm":
            return f"{_dmy(raw[:8])}T{raw[8:10]}:{raw[10:12]}:00"
        if kind == "hexint":
            return str(int(raw, 16))
        if kind == "b36":
            return str(int(raw, 36))
        if kind == "b32":
            return base64.b32decode(raw + "=" * (-len(raw) % 8)).decode("utf-8", errors="replace")
        if kind in ("num", "dec"):
            sign = "-" if raw.startswith("-") else ""
            body = raw.lstrip("-").lstrip("0")
            if not body or body[0] in ",.":
                body = "0" + body
            return sign + body
        if kind == "bool":
            return "true" if raw == "1" else "false"
    except (ValueError, binascii.Error):
        return raw
    return raw


def parse_header(message: str) -> Header:
    """Parse the fixed-position header; raises ``MalformedTwoDDoc`` with a reason."""
    if not message:
        raise MalformedTwoDDoc("empty symbol")
    if not message.startswith("DC"):
        if message[:1] == "\xdc":
            raise MalformedTwoDDoc("binary-encoded 2D-Doc (V4 binary): not supported")
        raise MalformedTwoDDoc("no 2D-Doc marker 'DC' at the start")
    found = _HEADER.match(message)
    if found is None:
        raise MalformedTwoDDoc("2D-Doc header malformed (version, CA, certificate, dates or type)")
    version = int(found.group(1))
    length = HEADER_LENGTHS[version]
    if len(message) < length:
        raise MalformedTwoDDoc(f"2D-Doc header truncated ({len(message)} of {length} characters)")
    perimeter = message[22:24] if version >= 3 else None
    country = message[24:26] if version >= 4 else None
    if perimeter is not None and not re.fullmatch(r"[0-9A-Z]{2}", perimeter):
        raise MalformedTwoDDoc("2D-Doc header malformed (perimeter)")
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise MalformedTwoDDoc("2D-Doc header malformed (country)")
    return Header(
        version=version,
        ca_id=found.group(2),
        cert_id=found.group(3),
        issue_date_hex=found.group(4),
        signature_date_hex=found.group(5),
        doc_type=found.group(6),
        perimeter=perimeter,
        country=country,
        length=length,
    )


def parse_fields(data: str) -> tuple[list[Field], list[str]]:
    """Split the data zone into fields; returns the fields and the problems met."""
    fields: list[Field] = []
    problems: list[str] = []
    pos = 0
    while pos < len(data):
        if data[pos] == GS:  # a stray separator (after a fixed-length field)
            pos += 1
            continue
        ident = data[pos : pos + 2]
        definition = FIELDS.get(ident)
        if definition is None or len(ident) < 2:
            problems.append(f"unknown data identifier {ident!r} at position {pos}: fields after it not read")
            break
        start = pos + 2
        if definition.fixed:
            assert definition.max_len is not None
            end = start + definition.max_len
            if end > len(data):
                problems.append(f"field {ident} truncated ({len(data) - start} of {definition.max_len})")
                end = len(data)
            raw, pos = data[start:end], end
        else:
            gs = data.find(GS, start)
            stop = len(data) if gs < 0 else gs
            if definition.max_len is not None and stop - start > definition.max_len:
                # A field at its maximum length needs no <GS>.
                raw, pos = data[start : start + definition.max_len], start + definition.max_len
            else:
                raw, pos = data[start:stop], stop + 1
        fields.append(Field(ident, raw, decode_value(definition, raw), definition.label))
    return fields, problems


def parse_message(message: str) -> TwoDDoc:
    """Parse a whole message (as decoded from the symbol, separators included)."""
    header = parse_header(message)
    body, _, tail = message.partition(US)
    signature, _, annex = tail.partition(RS)
    fields, problems = parse_fields(body[header.length :])
    if US not in message:
        problems.append("no signature (no <US> separator)")
    return TwoDDoc(
        raw=message,
        header=header,
        fields=fields,
        signature_b32=signature,
        annex=annex or None,
        problems=problems,
    )
