"""A smoke test of a running site: ``python deploy/smoke.py http://127.0.0.1:8000``.

Checks ``/sante/``, the home page, the catalogue and, when given a buyer account (``--login``,
``--password``; the demo's administrator of CH DE TEST by default), a private file: the buyer
logs in and downloads a data file of Mon espace. Behind nginx (``--through-nginx``) the file must
come from nginx (``X-Accel-Redirect`` consumed, never shown to the client). Only the standard
library: it runs on a server as it is. Exits non-zero on the first failure.
"""

import argparse
import http.client
import json
import re
import sys
import time
from html import unescape
from urllib.parse import urlencode, urljoin, urlsplit

DEMO_LOGIN = "admin.chtest@demo.example"
DEMO_PASSWORD = "demo-espace-acheteur"  # noqa: S105 (the demo's published password)


class Session:
    """HTTP/1.1 requests to one site, cookies kept by hand (the production cookies are
    ``Secure``: a cookie jar would not send them back over the loopback's plain HTTP)."""

    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        parts = urlsplit(self.base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response, content

    def get(self, path):
        return self.request("GET", path)


def check(condition, message):
    if not condition:
        sys.stderr.write(f"ÉCHEC : {message}\n")
        sys.exit(1)
    sys.stdout.write(f"ok : {message}\n")


def wait_until_up(session, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            response, content = session.get("/sante/")
            if response.status == 200:
                return response, content
        except OSError:
            pass
        if time.monotonic() > deadline:
            check(False, f"/sante/ répond 200 dans les {seconds} s")
        time.sleep(0.5)


def private_file(session, login, password, through_nginx):
    response, content = session.get("/compte/connexion/")
    check(response.status == 200, "la page de connexion s'affiche")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    check(token is not None, "le formulaire de connexion porte son jeton CSRF")
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": login, "password": password}
    response, _ = session.request(
        "POST",
        "/compte/connexion/",
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": session.base,
            "Referer": f"{session.base}/compte/connexion/",
        },
    )
    check(response.status == 302, f"{login} se connecte")
    response, content = session.get("/mon-espace/fichiers-de-donnees/")
    check(response.status == 200, "Mon espace liste les fichiers de données")
    link = re.search(rb'href="([^"]+/telecharger/)"', content)
    check(link is not None, "un fichier de données est proposé")
    path = urljoin("/mon-espace/fichiers-de-donnees/", unescape(link.group(1).decode()))
    response, content = session.get(path)
    check(response.status == 200, f"le fichier privé {path} se télécharge")
    check(content[:2] == b"PK", "le fichier reçu est le classeur (xlsx)")
    check(
        "no-store" in (response.getheader("Cache-Control") or ""), "il n'est gardé par aucun cache"
    )
    if through_nginx:
        check(response.getheader("X-Accel-Redirect") is None, "nginx a servi le fichier lui-même")
    anonymous, _ = Session(session.base).get(path)
    check(anonymous.status in (302, 403), "un visiteur anonyme ne l'obtient pas")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--login", default=DEMO_LOGIN)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--no-private-file", action="store_true")
    parser.add_argument("--through-nginx", action="store_true")
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for /sante/")
    args = parser.parse_args(argv)

    session = Session(args.base_url)
    response, content = wait_until_up(session, args.wait)
    body = json.loads(content)
    check(body["status"] == "ok", f"/sante/ : {body['checks']}")
    check(response.getheader("X-Request-ID") is not None, "la réponse porte son X-Request-ID")
    for path in ("/", "/offres/", "/offres/?page=2", "/aide/"):
        response, content = Session(args.base_url).get(path)
        check(response.status == 200, f"{path} répond 200")
        check(b"</html>" in content, f"{path} est une page complète")
    response, _ = Session(args.base_url).get("/offres/")
    check(
        (response.getheader("Cache-Control") or "").startswith("public"),
        "le catalogue anonyme peut être gardé par le cache frontal",
    )
    if not args.no_private_file:
        private_file(Session(args.base_url), args.login, args.password, args.through_nginx)


if __name__ == "__main__":
    main()
