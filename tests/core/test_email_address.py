"""core.email_address must accept, reject and normalise exactly as validate_email does."""

from __future__ import annotations

import email_validator
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.core import email_address
from contactdesk.core.services.contacts import normalise_email


def _library(address: str) -> tuple[str, ...]:
    try:
        return ("ok", validate_email(address, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        return ("error", type(exc).__name__, str(exc))


def _ours(address: str) -> tuple[str, ...]:
    try:
        return ("ok", email_address.normalised(address))
    except EmailNotValidError as exc:
        return ("error", type(exc).__name__, str(exc))


def _stepwise(address: str) -> tuple[str, ...] | None:
    """The shortcut alone (also on a library version it is not enabled for); None when it
    hands the address to validate_email."""
    try:
        result = email_address._stepwise(address)
    except EmailNotValidError as exc:
        return ("error", type(exc).__name__, str(exc))
    return None if result is None else ("ok", result)


def _same(address: str) -> None:
    expected = _library(address)
    assert _ours(address) == expected, address
    assert _ours(address) == expected, address  # a second time: the domain is remembered
    stepwise = _stepwise(address)
    assert stepwise is None or stepwise == expected, address


TRICKY = [
    # plain, upper case, plus tags
    "p1@example.de",
    "User.Name+tag@Example.Org",
    "a@EXAMPLE.DE",
    "a@ExAmPlE.De",
    "a_b-c@sub.example.co.uk",
    "a@123.de",
    "a@example.123",
    "a@1.2.3.4",
    "a@sub.ex_ample.de",
    # umlauts and other scripts, IDNA in both directions
    "Jörg.Müller@example.de",
    "jörg@müller.de",
    "JÖRG@MÜLLER.DE",
    "a@MÜLLER.de",
    "info@xn--mller-kva.de",
    "a@XN--MLLER-KVA.DE",
    "a@xn--zz.de",
    "a@xn--.de",
    "a@xn--mller-kva.xn--mller-kva.de",
    "ß@straße.de",
    "a@STRASSE.de",
    "a@ÖBB.at",
    "δοκιμή@παράδειγμα.δοκιμή",
    "a@ς.gr",
    "a@Σ.gr",
    "a@例え.テスト",
    "a@例え。テスト",
    "a@ｅｘａｍｐｌｅ．ｄｅ",
    "ａ@example.de",
    "a@אב.com",
    "a@1.xn--4dbc.com",
    "a@xn--4dbc.1.com",
    "a@1.אב.com",
    "a@مثال.إختبار",
    "a@\u0661\u0662.de",
    "a@Ⅸ.de",
    "a@⒈.de",
    "a@ex\u2024ample.de",
    "a@ex\u200dample.de",
    "a@ex\u00adample.de",
    "😀@example.de",
    "a@😀.de",
    "a@e\u0301xample.de",
    "a@\u0338example.de",
    # Unicode normalisation of the local part
    "e\u0301@example.de",
    "é@example.de",
    "\u0338@example.de",
    "a<\u0338b@example.de",
    "a@\u0338b.de",
    "\u212bngstr\u00f6m@example.de",
    # dots, hyphens, trailing dot
    "a@example.de.",
    "a@.example.de",
    "a@example..de",
    "a..b@example.de",
    ".a@example.de",
    "a.@example.de",
    "a@-example.de",
    "a@example-.de",
    "a@ex--ample.de",
    "a@ab--cd.de",
    "a@ex.-ample.de",
    # quoted local parts, display names, domain literals
    '"a b"@example.de',
    '"ab"@example.de',
    '"a\\"b"@example.de',
    '"a@b"@example.de',
    '"jörg"@example.de',
    '"@"@example.de',
    '""@example.de',
    '"a"b@example.de',
    "Jörg Müller <j@example.de>",
    "<j@example.de>",
    '"Müller, Jörg" <j@example.de>',
    "Jörg <j@example.de> x",
    "Jörg <j@example.de",
    "a@[127.0.0.1]",
    "a@[IPv6:::1]",
    "a@[example.de",
    "a@example.de]",
    "a@[300.1.1.1]",
    # case-insensitive mailbox names (RFC 2142)
    "postmaster@example.de",
    "POSTMASTER@example.de",
    "Abuse@Example.de",
    "PostMaster@münchen.de",
    "Pöstmaster@example.de",
    # special-use and dotless domains
    "a@localhost",
    "a@example",
    "a@test",
    "a@invalid",
    "a@foo.local",
    "a@foo.arpa",
    "a@foo.onion",
    "a@foo.test",
    "a@example.com",
    # lengths
    "a" * 64 + "@example.de",
    "a" * 65 + "@example.de",
    "ä" * 64 + "@example.de",
    "a@" + "b" * 63 + ".de",
    "a@" + "b" * 64 + ".de",
    "a@" + "ü" * 59 + ".de",
    "a@" + "ü" * 63 + ".de",
    "a@" + ".".join(["b" * 63] * 3) + "." + "c" * 58 + ".de",
    "a@" + ".".join(["b" * 63] * 3) + "." + "c" * 60 + ".de",
    "a" * 64 + "@" + ".".join(["b" * 63] * 2) + "." + "c" * 58 + ".de",
    "a" * 64 + "@" + ".".join(["b" * 63] * 2) + "." + "c" * 59 + ".de",
    "a" * 64 + "@" + ".".join(["b" * 63] * 2) + "." + "ü" * 40 + ".de",
    "ä" * 64 + "@" + ".".join(["b" * 63] * 2) + "." + "c" * 40 + ".de",
    # broken forms
    "",
    "@",
    "a@",
    "@example.de",
    "a",
    "a@@example.de",
    "a@b@example.de",
    "a＠example.de",
    "a﹫example.de",
    "a\\b@example.de",
    "a<b@example.de",
    "a>b@example.de",
    "a(b)@example.de",
    "a,b@example.de",
    "a;b@example.de",
    "a b@example.de",
    "a@exam ple.de",
    " a@example.de",
    "a@example.de ",
    "a@example.de\n",
    "a\t@example.de",
    "a\x00@example.de",
    "a@exa\x7fmple.de",
    "a@exa\u0085mple.de",
    "a\u202e@example.de",
    "a@exa\u202emple.de",
    "a@\ufffd.de",
    "a@\U000e0001.de",
]


@pytest.mark.parametrize("address", TRICKY)
def test_tricky_addresses_as_the_library_has_them(address: str) -> None:
    _same(address)


def test_the_shortcut_is_taken_on_the_library_version_it_was_compared_with() -> None:
    if email_validator.__version__ == "2.4.0":
        assert email_address.STEPWISE
    assert _stepwise("Jörg.Müller@Example.DE") == ("ok", "Jörg.Müller@example.de")
    assert _stepwise("Joerg <j@example.de>") is None  # display name: validate_email decides


def test_many_addresses_of_one_domain() -> None:
    for domain in ("example.de", "MÜLLER.de", "xn--mller-kva.de", "example", "a..de"):
        for local in ("a", "Jörg", "x" * 64, "x" * 65, "a..b", "postmaster", '"q"', ""):
            _same(f"{local}@{domain}")


def test_the_library_settings_are_read_at_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    _same("jörg@example.de")
    _same("a@example.de")
    monkeypatch.setattr(email_validator, "ALLOW_SMTPUTF8", False)
    monkeypatch.setattr(email_validator, "STRICT", True)
    monkeypatch.setattr(email_validator, "GLOBALLY_DELIVERABLE", False)
    monkeypatch.setattr(email_validator, "TEST_ENVIRONMENT", True)
    monkeypatch.setattr(
        email_validator,
        "SPECIAL_USE_DOMAIN_NAMES",
        [*email_validator.SPECIAL_USE_DOMAIN_NAMES, "de"],
    )
    for address in ("jörg@example.de", "a@example.de", "a@localhost", "a@test", "a@foo.test"):
        _same(address)


def test_normalise_email_strips_and_reports_a_value_error() -> None:
    assert normalise_email("  Jörg@MÜLLER.de ") == "Jörg@müller.de"
    with pytest.raises(ValueError):
        normalise_email("a@b@example.de")


_CHARS = (
    "aAzZ09.-_+'\"\\ <>@()[],:;!#$%&*/=?^`{|}~"
    "äöüÄÖÜßéÉ\u0301\u0338\u200d\u00ad\u2024\u3002\uff0e\uff21\uff20\ufe6b"
    "ςΣא\u0628\u0661Ⅸ⒈😀\u212b\t\x00"
)
_SAMPLE_LABELS = (
    "example",
    "EXAMPLE",
    "xn--mller-kva",
    "MÜLLER",
    "de",
    "com",
    "test",
    "local",
    "arpa",
    "xn--4dbc",
    "1",
    "ab--cd",
    "straße",
    "例え",
    "",
    "b" * 63,
    "b" * 64,
    "ü" * 60,
)
_LABELS = st.one_of(
    st.text(_CHARS, max_size=8),
    st.sampled_from(_SAMPLE_LABELS),
)
_LOCALS = st.one_of(
    st.text(_CHARS, max_size=12),
    st.sampled_from(["a", "postmaster", "Jörg.Müller", '"a b"', "x" * 64, "e\u0301"]),
)
#: mostly valid addresses, so that accepting and normalising get compared as often as rejecting
_PLAUSIBLE = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join([*labels, tld])}",
    st.text("abcXYZ019.-_+'äöüßÄÖÜé\u0301ςΣ😀", min_size=1, max_size=12),
    st.lists(
        st.text("abcXYZ019-äöüßÄÖÜé\u0301ςΣא例", min_size=1, max_size=10)
        | st.sampled_from(["xn--mller-kva", "XN--MLLER-KVA", "xn--4dbc", "ab--cd", "1", "straße"]),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["de", "DE", "com", "xn--p1ai", "рф", "ｄｅ", "test", "local", "ß", "123"]),
)
_ADDRESSES = st.one_of(
    _PLAUSIBLE,
    st.builds(
        lambda local, labels: f"{local}@{'.'.join(labels)}",
        _LOCALS,
        st.lists(_LABELS, max_size=5),
    ),
    st.builds(
        lambda name, local, labels: f"{name} <{local}@{'.'.join(labels)}>",
        st.text(_CHARS, max_size=6),
        _LOCALS,
        st.lists(_LABELS, max_size=3),
    ),
    st.text(_CHARS, max_size=30),
)


@settings(max_examples=3000, deadline=None)
@given(_ADDRESSES)
def test_generated_addresses_as_the_library_has_them(address: str) -> None:
    _same(address)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LOCALS, min_size=2, max_size=5), st.lists(_LABELS, max_size=4))
def test_generated_addresses_sharing_a_domain(locals_: list[str], labels: list[str]) -> None:
    domain = ".".join(labels)
    for local in locals_:
        _same(f"{local}@{domain}")
