"""extractors.mrz and mrz_normalise, mrz_repair, mrz_printed: locating, normalising, repairing MRZ lines."""

from __future__ import annotations

import pytest

from extractors.mrz import find_mrz, read_mrz
from extractors.mrz_normalise import mrz_line_readings, normalise_mrz_line
from extractors.mrz_repair import repair_mrz_lines
from models.mrz import parse_mrz
from tests.extractors.mrzlines import fr_id, set_char, td1, td3
from tests.extractors.wordlayout import make_document

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
FR_ID = ["IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"]
CARD = td1("X4RTBPFW4", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE")
PERMIT = td1("AB1234567", "850101", "M", "290630", "NGUYEN<<VAN<AN", code="IR")
PASSPORT = td3("18AB12345", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE")
OLD_CARD = fr_id("DUPONT<MARTIN", "131042", "880613100123", "ELODIE<<MARIE", "910412", "F")

HEADER = [
    "RÉPUBLIQUE FRANÇAISE",
    "Nom / Surname",
    "DUPONT-MARTIN",
    "Date de naiss. / Date of birth",
    "12 04 1991",
]


def doc(mrz_lines: list[str], *, header: list[str] | None = None, footer: list[str] | None = None):  # type: ignore[no-untyped-def]
    return make_document([*(HEADER if header is None else header), *mrz_lines, *(footer or [])])


@pytest.mark.parametrize(
    ("lines", "fmt"),
    [
        (TD3, "TD3"),
        (TD1, "TD1"),
        (FR_ID, "FR_ID"),
        (CARD, "TD1"),
        (PERMIT, "TD1"),
        (PASSPORT, "TD3"),
        (OLD_CARD, "FR_ID"),
    ],
)
def test_clean_mrz_is_found_as_is(lines: list[str], fmt: str) -> None:
    reading = read_mrz(doc(lines))
    assert reading is not None
    assert reading.format == fmt
    assert reading.text == "\n".join(lines)
    assert reading.valid and reading.substitutions == 0
    assert reading.confidence == pytest.approx(0.95)


def test_find_mrz_returns_text_page_bbox_confidence() -> None:
    document = make_document(["Page 1 : rien"], [*HEADER, *TD3])
    found = find_mrz(document)
    assert found is not None
    text, page, bbox, confidence = found
    assert text == "\n".join(TD3)
    assert page == 2
    x0, y0, x1, y1 = bbox
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    # the box covers both MRZ lines and nothing above them
    mrz_words = [w for w in document.pages[1].words if w.text in TD3]
    assert y0 == pytest.approx(min(w.bbox[1] for w in mrz_words))
    assert y1 == pytest.approx(max(w.bbox[3] for w in mrz_words))
    assert 0.9 < confidence <= 1


def test_no_mrz_in_an_ordinary_document() -> None:
    bill = make_document(
        [
            "EDF",
            "Facture du 02/05/2026",
            "Titulaire du contrat : M. DUPONT-MARTIN ELODIE",
            "IBAN : FR76 3000 6000 0112 3456 7890 189",
            "REFERENCE<CLIENT<<<<1234",
            "=========================================",
        ]
    )
    assert read_mrz(bill) is None
    assert find_mrz(bill) is None
    assert find_mrz(make_document([])) is None


def test_zero_read_as_letter_o_in_dates_is_repaired() -> None:
    noisy = set_char(set_char(TD3, 1, 15, "O"), 1, 23, "O")  # 74O812, 12O415
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid
    assert reading.text == "\n".join(TD3)
    assert reading.substitutions == 2
    assert reading.raw == "\n".join(noisy)  # the OCR text is kept
    assert reading.confidence < 0.95


def test_k_and_l_in_trailing_fillers_become_fillers() -> None:
    noisy = ["P<UTOERIKSSON<<ANNA<MARIA<<<<KK<<<<<L<<<<<<<", TD3[1]]
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid
    assert reading.mrz is not None and reading.mrz.given_names == ["ANNA", "MARIA"]
    assert reading.text == "\n".join(TD3)


def test_k_glued_to_a_name_is_kept() -> None:
    lines = td3("18AB12345", "910412", "M", "310301", "DUPONT<<ERIK")
    reading = read_mrz(doc(lines))
    assert reading is not None and reading.mrz is not None
    assert reading.mrz.given_names == ["ERIK"]


def test_lower_case_spaces_guillemets_and_split_tokens() -> None:
    noisy = [
        "p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<",
        "L898902C3 6UTO 7408122F 1204159ZE184226B«<<<<10",
    ]
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid
    assert reading.text == "\n".join(TD3)


def test_dropped_trailing_fillers_are_padded() -> None:
    short = [CARD[0].rstrip("<"), CARD[1], CARD[2].rstrip("<")]
    reading = read_mrz(doc(short))
    assert reading is not None and reading.valid
    assert reading.text == "\n".join(CARD)
    assert reading.confidence < 0.95  # a length repair costs confidence


def test_digits_in_names_become_letters() -> None:
    noisy = ["P<UTOER1K5SON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<", TD3[1]]
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.mrz is not None
    assert reading.mrz.surname == "ERIKSSON" and reading.mrz.given_names == ["ANNA", "MARIA"]


def test_letter_in_alphanumeric_document_number_repaired_when_unique() -> None:
    noisy = set_char(TD3, 1, 5, "O")  # L8989O2C3: 'O' could be a letter; only '0' satisfies the checks
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid
    assert reading.mrz is not None and reading.mrz.document_number == "L898902C3"
    assert reading.substitutions == 1


def test_letter_for_digit_in_document_number_repaired_when_unique() -> None:
    noisy = set_char(TD1, 0, 8, "I")  # D23I45890: only I->1 among the letters explains the check
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid
    assert reading.mrz is not None and reading.mrz.document_number == "D23145890"


def test_ambiguous_repair_is_not_made() -> None:
    # 18AB12345 read 18ABI2345 (state UTO, no national number layout): flipping
    # I->1 satisfies the checks, and so does flipping the genuine B->8 (the 7-3-1
    # sums compensate). Two explanations: nothing is repaired, the MRZ stays
    # invalid, for a caseworker to see.
    lines = td3("18AB12345", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE", state="UTO")
    noisy = set_char(lines, 1, 4, "I")
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.mrz is not None
    assert not reading.valid
    assert reading.mrz.document_number == "18ABI2345"
    assert reading.text.split("\n")[1] == noisy[1]
    assert reading.confidence < 0.6


def test_french_passport_number_layout_resolves_letter_digit_confusions() -> None:
    # French passport numbers are 2 digits, 2 letters, 5 digits: the same
    # misreadings become impossible characters, coerced, then verified.
    for col, char in ((4, "I"), (3, "8"), (0, "I"), (5, "Z"), (2, "4")):
        noisy = set_char(PASSPORT, 1, col, char)
        reading = read_mrz(doc(noisy))
        assert reading is not None and reading.valid, (col, char)
        assert reading.mrz is not None and reading.mrz.document_number == "18AB12345"


def test_fields_covered_only_by_the_composite_are_never_searched() -> None:
    # a wrong composite digit could be "explained" by flipping a character of the
    # office code or the optional data; nothing there is touched
    noisy = set_char(OLD_CARD, 1, 35, "0" if OLD_CARD[1][35] != "0" else "1")
    reading = read_mrz(doc(noisy))
    assert reading is not None and not reading.valid
    assert reading.text == "\n".join(noisy)


def test_digit_for_digit_misreading_is_never_repaired() -> None:
    noisy = set_char(TD3, 1, 17, "3")  # 740812 -> 740832: a plausible digit, wrong check
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.mrz is not None
    assert not reading.valid
    assert reading.mrz.checks["birth_date"] is False
    assert reading.text.split("\n")[1] == noisy[1]


def test_wrong_check_digit_stays_invalid() -> None:
    noisy = set_char(OLD_CARD, 1, 12, "0" if OLD_CARD[1][12] != "0" else "1")
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.format == "FR_ID" and not reading.valid


def test_g_six_confusion_is_invisible_to_checks_and_left_as_read() -> None:
    # G (16) and 6 have the same check value modulo 10: a G read for a 6 in the
    # document number still passes; the reading is kept as is, not "searched".
    lines = td3("18AB12645", "910412", "F", "310301", "DUPONT<<ELODIE", state="UTO")
    noisy = set_char(lines, 1, 6, "G")
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid and reading.substitutions == 0
    assert reading.mrz is not None and reading.mrz.document_number == "18AB12G45"


def test_mrz_between_other_text_lines() -> None:
    reading = read_mrz(doc(PASSPORT, footer=["Signature du titulaire", "Holder's signature"]))
    assert reading is not None and reading.valid and reading.format == "TD3"


def test_valid_window_preferred_when_a_page_holds_two_candidates() -> None:
    broken = set_char(TD3, 1, 17, "3")
    document = make_document([*broken, "", "texte", *PASSPORT])
    reading = read_mrz(document)
    assert reading is not None and reading.valid and reading.text == "\n".join(PASSPORT)


def test_lower_case_noise_from_ocr() -> None:
    # "<" read as c/e/k/r, a lower-case letter glued to a name, a stray letter inserted
    noisy = [
        "P<UTOERIKSSON<<ANNA<MARIAe<<<<cec<<ee<c<<<<<",
        "L898902C36UTO7408122rF1204159ZE184226B<<<<<10",
    ]
    reading = read_mrz(doc(noisy))
    assert reading is not None and reading.valid
    assert reading.text == "\n".join(TD3)


def test_mrz_line_readings() -> None:
    assert mrz_line_readings("ARNAUDe<<ccec<") == ["ARNAUD<<<<<<<<"]
    assert mrz_line_readings("8106252rF2903220<") == ["8106252RF2903220<", "8106252F2903220<"]
    assert mrz_line_readings("p<utoeriksson<<anna") == ["P<UTOERIKSSON<<ANNA"]


def test_normalise_mrz_line() -> None:
    assert normalise_mrz_line("p<uto eriks‹son«anna ") == "P<UTOERIKS<SON<ANNA"
    assert normalise_mrz_line("L898 902C3.6") == "L898902C36"


def test_repair_mrz_lines_reports_substitutions_and_validity() -> None:
    repair = repair_mrz_lines([TD1[0], TD1[1].replace("0", "O"), TD1[2]], "TD1")
    assert repair.mrz is not None and repair.mrz.valid
    assert repair.lines == TD1
    assert repair.substitutions == 2
    with pytest.raises(ValueError):
        repair_mrz_lines(TD1[:2], "TD1")


def test_repaired_text_parses_with_the_shared_model() -> None:
    reading = read_mrz(doc(set_char(CARD, 1, 2, "O")))
    assert reading is not None
    assert parse_mrz(reading.text) == reading.mrz


# --------------------------------------------------------------------------- stray characters

_STRAY = "IDFRA77TYRL22Z97<<<<<<<<<<<<<<\n8301220M3606285FRA<<<<<<<<<<<6\nSIMEON<<MICKAEL<CEDRIC<<<<<<<<"


def test_a_stray_character_in_the_document_number_is_removed_when_the_printed_number_agrees() -> None:
    from extractors.mrz_printed import repair_inserted_character
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_STRAY.split("\n"), "TD1")
    assert read.mrz is not None and not read.mrz.valid
    fixed = repair_inserted_character(read, "TD1", None, {"NDUDOCUMENT", "77TYRL2Z9", "NOM", "SIMEON"})
    assert fixed.mrz is not None and fixed.mrz.valid
    assert fixed.lines[0] == "IDFRA77TYRL2Z97" + "<" * 15
    assert fixed.mrz.document_number == "77TYRL2Z9"


def test_a_stray_character_is_left_when_no_printed_number_confirms_the_repair() -> None:
    from extractors.mrz_printed import repair_inserted_character
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_STRAY.split("\n"), "TD1")
    for printed in (set(), {"NDUDOCUMENT", "77TYRL22Z9"}, {"SIMEON", "MICKAEL"}):
        kept = repair_inserted_character(read, "TD1", None, printed)
        assert kept.lines == read.lines and not kept.mrz.valid


def test_a_stray_character_is_removed_when_the_printed_number_was_itself_misread_once() -> None:
    from extractors.mrz_printed import repair_inserted_character
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_STRAY.split("\n"), "TD1")
    fixed = repair_inserted_character(read, "TD1", None, {"77TYRL2Z8"})  # 9 read as 8 in the printed zone
    assert fixed.mrz is not None and fixed.mrz.valid
    assert fixed.mrz.document_number == "77TYRL2Z9"


# Truth "IDFRAL9B50395G7…": the OCR read the 9 as I, which no look-alike flip undoes.
_NINE_AS_I = "IDFRALIB50395G7<<<<<<<<<<<<<<<\n0006068F3512126FRA<<<<<<<<<<<2\nBOYER<<MARIE<NOEMIE<<<<<<<<<<<"


def test_the_document_number_is_taken_from_the_printed_zone_when_every_check_then_holds() -> None:
    from extractors.mrz_printed import repair_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_NINE_AS_I.split("\n"), "TD1")
    assert read.mrz is not None and not read.mrz.valid
    fixed = repair_from_printed(read, "TD1", None, {"BOYER", "L9B50395G", "16122035"})
    assert fixed.mrz is not None and fixed.mrz.valid
    assert fixed.lines[0] == "IDFRAL9B50395G7" + "<" * 15
    assert fixed.lines[1:] == read.lines[1:]


def test_the_printed_zone_does_not_repair_an_mrz_whose_checks_it_cannot_satisfy() -> None:
    from extractors.mrz_printed import repair_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_NINE_AS_I.split("\n"), "TD1")
    # Another number printed (a forged card or another document): the checks fail, nothing changes.
    for printed in (set(), {"L8B50395G"}, {"X9B50395G", "BOYER"}):
        kept = repair_from_printed(read, "TD1", None, printed)
        assert kept.lines == read.lines and not kept.mrz.valid


def test_a_stray_character_before_the_check_digit_is_fixed_from_the_printed_zone() -> None:
    from extractors.mrz_printed import repair_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    lines = "IDFRAALCDEKVUJR9<<<<<<<<<<<<<<\n9003299M3410082FRA<<<<<<<<<<<0\nPELLEGRINO<<GAEL<NOEL<ERIC<<<<"
    read = repair_mrz_lines(lines.split("\n"), "TD1")
    assert not read.mrz.valid
    fixed = repair_from_printed(read, "TD1", None, {"ALCDEKVJR", "PELLEGRINO"})
    assert fixed.mrz.valid and fixed.mrz.document_number == "ALCDEKVJR"


_GTRAUD = "P<FRAGTRAUD<<OLIVIER<JEROME<GUILLAUME<<<<<<<\n18SS577246FRA7501252M2812298<<<<<<<<<<<<<<02"


def test_a_name_misread_by_one_confusion_takes_the_printed_spelling() -> None:
    from extractors.mrz_printed import repair_names_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_GTRAUD.split("\n"), "TD3")
    assert read.mrz is not None and read.mrz.valid  # names have no check digit
    fixed = repair_names_from_printed(read, "TD3", {"GIRAUD", "OLIVIER", "JEROME", "GUILLAUME", "PASSEPORT"})
    assert fixed.lines[0] == "P<FRAGIRAUD<<OLIVIER<JEROME<GUILLAUME<<<<<<<"
    assert fixed.lines[1] == read.lines[1] and fixed.mrz.valid


def test_a_filler_misread_as_k_after_a_printed_name_becomes_a_filler_again() -> None:
    from extractors.mrz_printed import repair_names_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    lines = ["P<FRABONNEFOY<<FRANCOISEK<<<<<<<<<<<<<<<<<<<", "16US854695FRA7206029F2611206<<<<<<<<<<<<<<00"]
    read = repair_mrz_lines(lines, "TD3")
    fixed = repair_names_from_printed(read, "TD3", {"BONNEFOY", "FRANCOISE", "PASSEPORT"})
    assert fixed.lines[0] == "P<FRABONNEFOY<<FRANCOISE<<<<<<<<<<<<<<<<<<<<"
    assert fixed.mrz is not None and fixed.mrz.given_names == ["FRANCOISE"]
    # A name that really ends in K (printed so), or a K with no printed name before it, stays.
    assert repair_names_from_printed(read, "TD3", {"BONNEFOY", "FRANCOISEK"}).lines == read.lines
    assert repair_names_from_printed(read, "TD3", {"BONNEFOY"}).lines == read.lines


def test_a_name_is_left_alone_when_printed_as_read_or_when_the_difference_is_not_an_ocr_confusion() -> None:
    from extractors.mrz_printed import repair_names_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    read = repair_mrz_lines(_GTRAUD.split("\n"), "TD3")
    for printed in ({"GTRAUD", "GIRAUD"}, {"GARAUD"}, {"GIRAUDE"}, set()):
        assert repair_names_from_printed(read, "TD3", printed).lines == read.lines


def test_a_line_shifted_by_a_dropped_leading_i_is_not_a_valid_format() -> None:
    from models.mrz import parse_mrz

    shifted = "DFRAL9I850395G7<<<<<<<<<<<<<<<\n0006068F3512126FRA<<<<<<<<<<<2\nBOYER<<MARIE<NOEMIE<<<<<<<<<<<"
    mrz = parse_mrz(shifted)
    assert mrz is not None and not mrz.checks["format"] and not mrz.valid


def test_the_old_cards_office_code_is_digits() -> None:
    from extractors.mrz_repair import repair_mrz_lines

    lines = ["IDFRABERNARD<<<<<<<<<<<<<<<<<<<60957", "1406061113250CELINE<<SOPHIE9805208F0"]
    fixed = repair_mrz_lines(lines, "FR_ID")
    assert fixed.lines[0].endswith("060957") and fixed.mrz.valid


def test_a_1_read_as_l_in_a_valid_mrz_takes_the_printed_digit() -> None:
    from extractors.mrz_printed import repair_from_printed
    from extractors.mrz_repair import repair_mrz_lines

    lines = "IDFRALHZF8P7RV8<<<<<<<<<<<<<<<\n7503153F3304271FRA<<<<<<<<<<<8\nARNAUD<<ESTELLE<AURELIE<<<<<<<"
    read = repair_mrz_lines(lines.split("\n"), "TD1")
    assert read.mrz.valid  # L and 1 weigh the same: the check digits cannot tell
    fixed = repair_from_printed(read, "TD1", None, {"1HZF8P7RV", "ARNAUD"})
    assert fixed.mrz.valid and fixed.mrz.document_number == "1HZF8P7RV"
    # Printed as read, or printed differently beyond L/1: left alone.
    for printed in ({"LHZF8P7RV", "1HZF8P7RV"}, {"1HZF8P7RX"}, set()):
        assert repair_from_printed(read, "TD1", None, printed).lines == read.lines


def test_a_given_name_cut_short_at_the_end_of_its_field_is_not_filler() -> None:
    from extractors.mrz_repair import repair_mrz_lines

    lines = ["IDFRAOLIVIER<<<<<<<<<<<<<<<<<<840178", "1607849066140MARIE<<MARIE<C8503079F5"]
    fixed = repair_mrz_lines(lines, "FR_ID")
    assert fixed.lines[1] == lines[1] and fixed.mrz.valid


def test_two_readers_of_the_zone_agreeing_on_a_name_beat_the_printed_names_ocr() -> None:
    """The zone reader and the OCR pass both read QAQARIN in the MRZ; the printed name, read
    QAOARIN by the OCR, must not "repair" it (names carry no check digit)."""
    import dataclasses

    from extractors.mrz import MrzReading, _names_printed

    lines = td3("C94630262", "670729", "F", "230310", "QAQARIN<<FIDAN", state="AZE")
    misread = [lines[0].replace("QAQARIN", "QAOARIN"), lines[1]]
    document = make_document(["SURNAME QAOARIN", "GIVEN NAMES FIDAN", *lines])
    zone = MrzReading(
        "\n".join(lines), "\n".join(lines), 1, (0, 0.8, 1, 1), 0.9, parse_mrz("\n".join(lines)), 0, "TD3"
    )
    ocr = dataclasses.replace(zone, text="\n".join(misread), mrz=parse_mrz("\n".join(misread)))
    assert zone.valid and ocr.valid
    assert _names_printed(document, zone, ocr) is zone
    unread = dataclasses.replace(ocr, raw="\n".join(misread))  # only the OCR pass: the printed name decides
    assert _names_printed(document, zone, unread) is unread


def test_a_zone_reading_whose_names_are_all_printed_beats_stray_letters() -> None:
    """The OCR pass read the names line as garbage (fillers as K, E, L): its one-letter "names" are
    found among the page's stray tokens, yet the zone reading, every name of it printed, is kept."""
    import dataclasses

    from extractors.mrz import MrzReading, _names_printed

    lines = td3("ERE82721", "841207", "M", "240525", "AMAN<<RITA<TANIA", state="CAN")
    garbled = [lines[0].replace("RITA<TANIA<<<<<<<", "RITAKTANLAK<K<E<L"), lines[1]]
    document = make_document(["SURNAME AMAN", "GIVEN NAMES RITA TANIA", "K E L", *garbled])
    zone = MrzReading(
        "\n".join(lines), "\n".join(lines), 1, (0, 0.8, 1, 1), 0.9, parse_mrz("\n".join(lines)), 0, "TD3"
    )
    ocr = dataclasses.replace(
        zone, text="\n".join(garbled), raw="\n".join(garbled), mrz=parse_mrz("\n".join(garbled))
    )
    assert zone.valid and ocr.valid
    assert _names_printed(document, zone, ocr) is zone
