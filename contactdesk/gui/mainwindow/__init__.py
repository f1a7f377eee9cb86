"""The main window: navigation between the areas, menus, tool bar and status bar.

A package of one subject per module (the public names are re-exported here, so
`from contactdesk.gui.mainwindow import MainWindow` keeps working):

- areas.py   the area registry (`area_specs`, `AreaSpec`) and the pages standing in for an
             area (planned, not built yet, the database being opened);
- pages.py   the frame, the navigation and the areas, each built when first shown;
- menus.py   tool bar, menus and window-wide actions, and the commands they trigger;
- window.py  `MainWindow`: the two-step construction, status bar, start hooks, closing.

Like the frame, nothing here imports SQLAlchemy, the services or the area views at module
level (tests/gui/test_app.py checks it).
"""

from contactdesk.gui.mainwindow.areas import (
    AreaFactory,
    AreaHost,
    AreaSpec,
    InertArea,
    OpeningPage,
    PendingArea,
    PlannedArea,
    area_specs,
)
from contactdesk.gui.mainwindow.window import MainWindow

__all__ = [
    "AreaFactory",
    "AreaHost",
    "AreaSpec",
    "InertArea",
    "MainWindow",
    "OpeningPage",
    "PendingArea",
    "PlannedArea",
    "area_specs",
]
