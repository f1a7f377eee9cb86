"""Kölner Phonetik against published examples (Wikipedia: Wikipedia, Müller-Lüdenscheidt,
Breschnew, the Meier family) and codes worked out by hand from Postel's rules (C, X, PH)."""

import pytest

from contactdesk.core.phonetics import cologne, cologne_word


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Wikipedia", "3412"),
        ("Müller-Lüdenscheidt", "65752682"),
        ("Breschnew", "17863"),
        ("Meier", "67"),
        ("Mayer", "67"),
        ("Maier", "67"),
        ("Meyer", "67"),
        ("Müller", "657"),
        ("Mueller", "657"),
        ("Schmidt", "862"),
        ("Schmitt", "862"),
        ("Christoph", "47823"),
        ("Xaver", "4837"),
        ("Axel", "0485"),
        ("Schößler", "8857"),
    ],
)
def test_published_codes(word: str, code: str) -> None:
    assert cologne_word(word) == code


def test_spelling_variants_share_a_code() -> None:
    assert cologne("Bärbel Schößler") == cologne("Baerbel Schössler") == cologne("Barbel Schossler")
    assert cologne("Weißwasser") == cologne("Weisswasser")


def test_words_are_coded_one_by_one_and_nonletters_ignored() -> None:
    assert cologne("Anna  Müller") == "06 657"
    assert cologne("") == ""
    assert cologne("123 !") == ""
