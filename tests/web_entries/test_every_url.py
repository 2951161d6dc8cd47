"""Every URL pattern, as every demo role (and signed out): no English or debug page, error pages in
Vietnamese in the site's layout; and no link on the main pages leads a role to a refusal."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from dti.web.entries.models import Entry

pytestmark = [pytest.mark.slow]
ROUND = "thua-thien-hue-2024-q2"
ENGLISH = ("Traceback", "Page not found", "Forbidden", "Not Found", "Server Error", "Method Not Allowed",
           "Bad Request", "CSRF verification failed", "Django tried these URL patterns", "Using the URLconf")
ERROR_TITLES = {400: "Yêu cầu không hợp lệ", 403: "Không có quyền truy cập", 404: "Không tìm thấy trang",
                405: "Thao tác không hợp lệ", 500: "Hệ thống gặp lỗi"}


def _patterns(patterns: list, prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _fill(route: str, values: dict[str, str]) -> str:
    """A concrete path for a route: <conv:name> and the API router's (?P<name>…) groups from ``values``."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path.replace(".*", "khong-co")


@pytest.fixture
def roles(db) -> list[str | None]:
    """The demo (loaded) and its users, one per role, then signed out (None)."""
    from dti.web.demo import demo_load

    _log, users = demo_load()
    return [u.username for u in users] + [None]


def _client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if username is not None:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _is_vietnamese(html: str) -> bool:
    return '<html lang="vi">' in html and not any(word in html for word in ENGLISH)


@pytest.mark.django_db
def test_every_url_pattern_answers_every_demo_role_in_vietnamese(roles: list[str | None]) -> None:
    entry = Entry.objects.filter(round__slug=ROUND, unit__code="483").order_by("pk").first()
    assert entry is not None
    values = {"slug": ROUND, "unit": "483", "ref": "483", "code": "II.1", "pk": str(entry.pk), "kind": "bao-cao",
              "fmt": "docx", "user_id": "1", "uidb64": "MQ", "token": "sai-ma", "format": "json", "rest": "khong-co"}
    paths = sorted({_fill(r, values) for r in _patterns(get_resolver().url_patterns)
                    # Django's admin has its own (translated) pages; /api/docs/ is the developers' Swagger UI
                    if not r.startswith(("quan-tri/", "api/docs/"))})
    assert len(paths) > 100
    problems: list[str] = []
    with override_settings(DEBUG=False):
        for username in roles:
            client = _client(username)
            for path in paths:
                resp = client.get(path)
                who = username or "khách"
                if resp.status_code >= 500:
                    problems.append(f"{who} {path}: {resp.status_code}")
                    continue
                if "text/html" not in resp.get("Content-Type", "") or resp.streaming or 300 <= resp.status_code < 400:
                    continue
                html = resp.content.decode()
                if not _is_vietnamese(html):
                    problems.append(f"{who} {path}: {resp.status_code} không phải trang tiếng Việt")
                elif resp.status_code in ERROR_TITLES and ERROR_TITLES[resp.status_code] not in html:
                    problems.append(f"{who} {path}: trang lỗi {resp.status_code} thiếu tiêu đề tiếng Việt")
    assert not problems, "\n".join(problems)


_HREF = re.compile(r'<a\s[^>]*href="(/[^"#?]*)(?:\?[^"#]*)?(?:#[^"]*)?"')
_MAIN = ["/", f"/ky/{ROUND}/", f"/ky/{ROUND}/don-vi/483/", f"/ky/{ROUND}/tham-dinh/", f"/ky/{ROUND}/ket-qua/",
         f"/ky/{ROUND}/ket-qua/483/", "/don-vi/483/", "/ky/ninh-thuan-2022/"]


@pytest.mark.django_db
def test_no_link_on_the_main_pages_leads_a_demo_role_to_a_refusal(roles: list[str | None]) -> None:
    problems: list[str] = []
    for username in roles:
        if username is None:
            continue
        client = _client(username)
        links: set[str] = set()
        for page in _MAIN:
            resp = client.get(page)
            if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
                continue
            links |= {(page, href) for href in _HREF.findall(resp.content.decode())
                      if not href.startswith(("/dang-xuat", "/static/"))}
        for page, href in sorted(links):
            status = client.get(href).status_code
            if status in (403, 404, 405) or status >= 500:
                problems.append(f"{username}: {page} → {href} ({status})")
    assert not problems, "\n".join(problems)
