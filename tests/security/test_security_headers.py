"""Security headers and cookies with the production settings the tests run under
(DEBUG off): a strict Content-Security-Policy, HSTS, nosniff, referrer and cross-origin
policies, and __Host- cookies that are Secure, HttpOnly and SameSite."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.signin import login_verified


def csp(response):
    """The policy as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.mark.parametrize("url", ["/ar/", "/en/members/", "/api/v1/networks",
                                 "/api/v1/docs", "/admin/login/", "/ar/account/login/"])
def test_strict_content_security_policy(client, networks, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src", "font-src", "connect-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["img-src"] == ["'self'", "data:"]
    sources = " ".join(response["Content-Security-Policy"].split())
    assert "unsafe-inline" not in sources and "unsafe-eval" not in sources
    assert "*" not in sources


def test_pages_carry_no_inline_script_or_style(client, networks):
    """What the policy forbids is not in our markup (JSON-LD is data, not a script)."""
    for url in ("/ar/", "/en/networks/wasl/", "/en/members/", "/ar/publications/",
                "/ar/countries/", "/api/v1/docs"):
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            attributes = chunk.split(">", 1)[0]
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, url
        assert " style=" not in html and "<style" not in html, url


def test_transport_and_isolation_headers(client, networks):
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_open_api_is_a_cross_origin_resource(client, networks):
    response = client.get("/api/v1/networks", HTTP_ORIGIN="https://partner.example")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_html_is_compressed(client, networks):
    response = client.get("/en/members/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_csrf_cookie_is_host_prefixed_secure_httponly_samesite(client, db):
    response = client.get(reverse("two_factor:login"))
    assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken"
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/" and not cookie["domain"]


def test_session_and_language_cookies_are_host_prefixed(client, admin_user):
    login_verified(client, admin_user)
    # Every request renews the idle timer, so the admin's answer sets the cookie again.
    session = client.get("/admin/").cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    language = client.get("/en/").cookies["__Host-language"]
    assert language.value == "en" and language["secure"] and language["path"] == "/"


def test_admin_forms_still_post_under_the_policy(admin_client):
    """The admin's own pages are served with the policy and still accept a change."""
    page = admin_client.get("/admin/auth/group/add/")
    assert page.status_code == 200 and "Content-Security-Policy" in page
    response = admin_client.post("/admin/auth/group/add/", {"name": "readers"})
    assert response.status_code == 302
