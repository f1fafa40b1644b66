"""Point the "suggest edit" and "show source" buttons of a chapter at ``book/<name>.md``.

The chapters are rendered from the executed notebooks ``notebooks/<name>.ipynb``, which are
generated files: edits belong in the MyST source. The theme builds those buttons' URLs from
the page name; this rewrites them for every notebook page once the buttons exist.
"""

from __future__ import annotations

import re

NOTEBOOK = re.compile(r"/notebooks/([^/?]+)\.ipynb")
SOURCE_BUTTONS = {"source-edit-button", "source-file-button"}  # not the launch buttons: Colab opens the notebook


def _rewrite(buttons) -> None:
    for button in buttons:
        if button.get("label") in SOURCE_BUTTONS:
            button["url"] = NOTEBOOK.sub(r"/book/\1.md", button["url"])
        _rewrite(button.get("buttons", []))


def _point_at_source(app, pagename, templatename, context, doctree):
    if pagename.startswith("notebooks/"):
        _rewrite(context.get("header_buttons", []))


def setup(app):
    # After sphinx-book-theme adds its header buttons (priority 501).
    app.connect("html-page-context", _point_at_source, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
