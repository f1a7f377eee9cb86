"""The "Sitzungen" area: papers/area.py (SessionsView: the Vorlagen register beside the paper
editor, and the area's protocol), papers/paper_preview.py (the paper's PDF preview with its
Fassung box), papers/sessions_tab.py (the committee sessions and their documents)."""

from contactdesk.gui.views.papers.area import SessionsView

__all__ = ["SessionsView"]
