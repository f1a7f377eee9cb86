"""E-mail addresses normalised with email-validator, each domain checked once.

`normalised(address)` returns exactly `validate_email(address, check_deliverability=False)
.normalized` and raises what that raises. The library spends about two thirds of that call on
the part after the @-sign (character classes, UTS-46 mapping, IDNA), and the addresses of an
import share a handful of domains. So the common form (no display name, no quotes, no domain
literal) takes the library's own steps one by one, in its order, with the result for the
domain remembered; anything else, and any version of the library whose steps were not compared
with validate_email (tests/core/test_email_address.py), goes to validate_email itself.

The library's module settings (ALLOW_SMTPUTF8, STRICT, SPECIAL_USE_DOMAIN_NAMES, ...) are
read at every call, as validate_email reads them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import email_validator
from email_validator import validate_email

try:
    from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
    from email_validator.syntax import (
        split_email,
        validate_email_domain_name,
        validate_email_length,
        validate_email_local_part,
    )
    from email_validator.types import ValidatedEmail
except ImportError:  # pragma: no cover - another layout of the library: no shortcut
    STEPWISE = False
else:
    #: versions whose validate_email was read and whose steps are the ones below
    STEPWISE = email_validator.__version__ in {"2.4.0"}


def normalised(address: str) -> str:
    """`validate_email(address, check_deliverability=False).normalized`, faster for many
    addresses of the same domain; raises email_validator.EmailNotValidError."""
    if STEPWISE:
        result = _stepwise(address)
        if result is not None:
            return result
    return validate_email(address, check_deliverability=False).normalized


def _stepwise(address: str) -> str | None:
    """validate_email's steps for the common form; None for any other form."""
    ev = email_validator
    display_name, original_local, local, quoted, domain = split_email(address)
    if display_name is not None or quoted or not domain or domain.startswith("["):
        return None
    if not local.isascii() and unicodedata.normalize("NFC", local) != local:
        return None  # validate_email checks the normalised form a second time
    info = validate_email_local_part(
        local,
        allow_smtputf8=ev.ALLOW_SMTPUTF8,
        allow_empty_local=ev.ALLOW_EMPTY_LOCAL,
        quoted_local_part=False,
        strict=ev.STRICT,
    )
    local_part, ascii_local_part = info["local_part"], info["ascii_local_part"]
    if (
        ascii_local_part is not None
        and ascii_local_part.lower() in CASE_INSENSITIVE_MAILBOX_NAMES
        and local_part is not None
    ):
        ascii_local_part, local_part = ascii_local_part.lower(), local_part.lower()
    domain_name, ascii_domain = _domain(
        domain,
        ev.TEST_ENVIRONMENT,
        ev.GLOBALLY_DELIVERABLE,
        tuple(ev.SPECIAL_USE_DOMAIN_NAMES),
    )
    result = ValidatedEmail()
    result.original = f"{original_local}@{domain}"
    result.display_name = None
    result.smtputf8 = info["smtputf8"]
    result.local_part = local_part
    result.ascii_local_part = ascii_local_part
    result.domain = domain_name
    result.ascii_domain = ascii_domain
    result.normalized = f"{local_part}@{domain_name}"
    result.ascii_email = (
        f"{ascii_local_part}@{ascii_domain}" if ascii_local_part and ascii_domain else None
    )
    validate_email_length(result)
    return result.normalized


@lru_cache(maxsize=4096)
def _domain(
    domain: str, test_environment: bool, globally_deliverable: bool, special_use: tuple[str, ...]
) -> tuple[str, str]:
    """(domain, ascii_domain) of a valid domain part; raises for an invalid one (not cached).
    `special_use` is only part of the key: the library reads its own list."""
    info = validate_email_domain_name(
        domain, test_environment=test_environment, globally_deliverable=globally_deliverable
    )
    return info["domain"], info["ascii_domain"]
