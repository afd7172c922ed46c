"""The load test's mix (issue 13): anonymous visitors, logged-in buyers (who also ask questions,
reply to them, deposit conventions and ring the bell), API consumers (the pages API and the buyer
API with a personal token), and the bare Django view served by the same gunicorn, the unit of
comparison. The editor is benchmarks/load/editor.py, run beside locust.

Each write a buyer makes is appended, once the site has confirmed it, to ``$LOAD_WRITES`` (JSON
lines): ``verify.py`` then checks that each is in the database and each e-mail sent once.

Run by benchmarks/load/run.sh; by hand: ``locust -f benchmarks/load/locustfile.py --headless
-u 20 -r 5 -t 60s --host http://127.0.0.1:8000``. Each request is named by its kind, so that
locust's statistics are per kind."""

import io
import json
import os
import random
import re
import uuid
import zipfile
from pathlib import Path

import lxml.html
from locust import HttpUser, between, constant, events, task

BUYERS = int(os.environ.get("LOAD_BUYERS", "300"))
PASSWORD = "demo-espace-acheteur"  # noqa: S105 (the demo's)
ACCOUNTS = Path(os.environ.get("VAR_DIR", "var/load")) / "load-accounts.json"
WRITES = os.environ.get("LOAD_WRITES")
OFFER_URLS = []
OFFER_IDS = []
FAMILIES = []
API_TOKENS = []
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@events.test_start.add_listener
def discover(environment, **kwargs):
    """The offers' URLs and the families, from the pages API, once."""
    import requests

    host = environment.host
    listing = requests.get(
        f"{host}/api/v2/pages/",
        params={"type": "catalogue.OfferPage", "fields": "_,id,html_url", "limit": 100},
        timeout=30,
    ).json()
    accounts = json.loads(ACCOUNTS.read_text()) if ACCOUNTS.exists() else {}
    editor_offer = accounts.get("offer", {}).get("id")
    for item in listing["items"]:
        if item["id"] != editor_offer:  # its 5,000 subscribers stay as they are
            OFFER_URLS.append(item["meta"]["html_url"].split("://", 1)[1].split("/", 1)[1])
            OFFER_IDS.append(item["id"])
    page = requests.get(f"{host}/offres/", timeout=30).text
    FAMILIES.extend(sorted(set(re.findall(r"famille=([a-z0-9-]+)", page))))
    API_TOKENS.extend(accounts.get("api_tokens", []))


def record(kind, **fields):
    """A write the site confirmed, for verify.py."""
    if WRITES:
        with open(WRITES, "a") as handle:
            handle.write(json.dumps({"kind": kind, **fields}) + "\n")


def csrf_token(html):
    """The page's CSRF token (the first form's), or None."""
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else None


def form_fields(html, field):
    """The values a browser would send from the page's form holding ``field`` (lxml reads
    inputs, selects and textareas as the HTML gives them)."""
    document = lxml.html.fromstring(html)
    form = document.xpath(f'//form[.//*[@name="{field}"]]')[0]
    return dict(form.form_values())


def convention_zip(marker):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("convention.pdf", PDF + marker.encode())
    return buffer.getvalue()


class AnonymousVisitor(HttpUser):
    weight = 6
    wait_time = between(0.5, 2)

    @task(3)
    def home(self):
        self.client.get("/", name="anonyme: accueil")

    @task(4)
    def catalogue(self):
        self.client.get("/offres/", name="anonyme: catalogue")

    @task(3)
    def catalogue_filtered(self):
        family = random.choice(FAMILIES) if FAMILIES else ""
        self.client.get(
            f"/offres/?famille={family}&statut=disponible", name="anonyme: catalogue filtré"
        )

    @task(2)
    def catalogue_searched(self):
        word = random.choice(["gants", "titres", "énergie", "transport", "2023"])
        self.client.get(f"/offres/?q={word}", name="anonyme: recherche")

    @task(5)
    def offer(self):
        if OFFER_URLS:
            self.client.get("/" + random.choice(OFFER_URLS), name="anonyme: offre")

    @task(1)
    def help(self):
        self.client.get("/aide/", name="anonyme: aide")


class Buyer(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        number = random.randrange(BUYERS)
        page = self.client.get("/compte/connexion/", name="acheteur: connexion (formulaire)").text
        token = csrf_token(page)
        with self.client.post(
            "/compte/connexion/",
            data={
                "csrfmiddlewaretoken": token,
                "username": f"acheteur-{number}@charge.example",
                "password": PASSWORD,
            },
            headers={"Referer": f"{self.host}/compte/connexion/", "Origin": self.host},
            name="acheteur: connexion",
            catch_response=True,
        ) as response:
            if "/compte/connexion/" in response.url:
                response.failure("connexion refusée")

    def page(self, path, name):
        """A page of Mon espace, which must not have sent the buyer back to the login page."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if "/compte/connexion/" in response.url:
                response.failure("renvoyé à la page de connexion")

    @task(3)
    def dashboard(self):
        self.page("/mon-espace/", "acheteur: tableau de bord")

    @task(2)
    def contracts(self):
        self.page("/mon-espace/marches/", "acheteur: marchés en cours")

    @task(2)
    def exchanges(self):
        self.page("/mon-espace/echanges/", "acheteur: échanges")

    @task(2)
    def notifications(self):
        self.page("/mon-espace/notifications/", "acheteur: notifications")

    @task(2)
    def offer(self):
        if OFFER_URLS:
            self.page("/" + random.choice(OFFER_URLS), "acheteur: offre")

    def post_form(self, path, field, data, name, expected, files=None):
        """GET the page, POST its form with ``data`` over what it holds; the response if the
        site redirected to a URL matching ``expected``, else None (a failure)."""
        with self.client.get(path, name=f"{name} (formulaire)", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"formulaire : {page.status_code}")
                return None
            fields = form_fields(page.text, field)
        fields.update(data)
        with self.client.post(
            path,
            data=fields,
            files=files,
            headers={"Referer": self.host + path},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not re.search(expected, response.url):
                response.failure(f"non enregistré ({response.status_code})")
                return None
            return response

    @task(1)
    def ask_and_reply(self):
        """*Poser une question*, then a reply in the same thread."""
        marker = uuid.uuid4().hex
        response = self.post_form(
            "/mon-espace/echanges/nouveau/",
            "subject",
            {"kind": "question", "subject": f"Question {marker}", "body": f"Bonjour {marker}"},
            "acheteur: échange posé",
            r"/mon-espace/echanges/\d+/$",
        )
        if response is None:
            return
        record("question", marker=marker)
        path = response.url.split(self.host, 1)[1]
        reply = uuid.uuid4().hex
        if self.post_form(
            path,
            "body",
            {"body": f"Précision {reply}"},
            "acheteur: réponse dans l'échange",
            re.escape(path) + "$",
        ):
            record("reply", marker=reply)

    @task(1)
    def deposit(self):
        """*Dépôt des conventions*: a signed convention (zip) for one of the offers offered."""
        home = self.client.get("/mon-espace/depot-des-conventions/", name="acheteur: dépôts")
        offers = re.findall(r'<option value="(\d+)"', home.text)
        if not offers:
            return
        marker = uuid.uuid4().hex[:20]
        path = f"/mon-espace/depot-des-conventions/{random.choice(offers)}/"
        if self.post_form(
            path,
            "order_reference",
            {"order_reference": f"EJ-{marker}", "chorus_service_code": "SERVICE-ACHATS"},
            "acheteur: convention déposée",
            r"/mon-espace/depot-des-conventions/$",
            files={"archive": ("convention.zip", convention_zip(marker), "application/zip")},
        ):
            record("deposit", marker=f"EJ-{marker}")

    @task(1)
    def bell(self):
        """The bell on an offer page (the page's own token, the JSON answer)."""
        if not OFFER_IDS:
            return
        index = random.randrange(len(OFFER_IDS))
        page = self.client.get("/" + OFFER_URLS[index], name="acheteur: offre")
        token = csrf_token(page.text)
        if token is None:
            return
        self.client.post(
            f"/mon-espace/abonnements/{OFFER_IDS[index]}/",
            data={"csrfmiddlewaretoken": token, "abonne": random.choice("01")},
            headers={"Accept": "application/json", "Referer": page.url},
            name="acheteur: cloche",
        )


class ApiConsumer(HttpUser):
    """Another system: the pages API, and the buyer API with a buyer's personal token."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.token = random.choice(API_TOKENS) if API_TOKENS else None

    @task(2)
    def listing(self):
        self.client.get(
            "/api/v2/pages/?type=catalogue.OfferPage&fields=reference,start_date,end_date&limit=20",
            name="api: offres",
        )

    def buyer_api(self, path, name):
        if self.token:
            self.client.get(
                f"/api/espace/v1/{path}",
                headers={"Authorization": f"Bearer {self.token}"},
                name=name,
            )

    @task(1)
    def contracts(self):
        self.buyer_api("marches?limit=20", "api acheteur: marchés")

    @task(1)
    def unread(self):
        self.buyer_api("notifications/non-lues", "api acheteur: notifications non lues")

    @task(1)
    def exchanges(self):
        self.buyer_api("echanges?limit=20", "api acheteur: échanges")


class BareView(HttpUser):
    """The unit: a function view returning "ok" through the full middleware stack."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def bare(self):
        self.client.get("/bench/bare/", name="vue nue")


class SaturateBare(HttpUser):
    """Saturation phase (no wait): the bare view's throughput on this gunicorn."""

    weight = 1
    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get("/bench/bare/", name="saturation: vue nue")


class SaturateCachedCatalogue(HttpUser):
    """Saturation phase (no wait): the anonymous catalogue served from the page cache."""

    weight = 1
    wait_time = constant(0)

    @task
    def catalogue(self):
        self.client.get("/offres/", name="saturation: catalogue anonyme en cache")
