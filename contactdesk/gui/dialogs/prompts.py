"""Moved to `contactdesk.gui.prompts` (the one seam for dialogs). This module only forwards, so
code written against the old place keeps working until it is changed; every name is looked up
in the new module at the moment it is used, so a test that patches `contactdesk.gui.prompts`
also reaches callers that still import this module. New code imports `contactdesk.gui.prompts`.
"""

from __future__ import annotations

from typing import Any

from contactdesk.gui import prompts as moved


def __getattr__(name: str) -> Any:
    return getattr(moved, name)
