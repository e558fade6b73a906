"""Server-rendered pages: one Jinja2 environment with autoescape on for every template.

Nothing from the store is ever marked safe: highlighted text is passed as segments (text +
flags) and the templates wrap each escaped piece; links pass through `safe_href`."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from communique.web.views import entity_href, safe_href

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html", "xml", "svg"), default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals.update(safe_href=safe_href, entity_href=entity_href)


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """The current query with some parameters changed (None removes one)."""
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


env.globals["query_string"] = query_string


def page(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
         **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_error(request: Request, error: dict[str, Any], headers: dict[str, str] | None = None) -> HTMLResponse:
    return page(request, "error.html", status=error["status"], headers=headers, error=error, title=f"Error {error['status']}")
