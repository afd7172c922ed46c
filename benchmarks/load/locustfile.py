"""The load test's mix (issue 13): anonymous visitors, logged-in buyers, API consumers, and the
bare Django view served by the same gunicorn, the unit of comparison.

Run by benchmarks/load/run.sh; by hand: ``locust -f benchmarks/load/locustfile.py --headless
-u 20 -r 5 -t 60s --host http://127.0.0.1:8000``. Each request is named by its kind, so that
locust's statistics are per kind."""

import random
import re

from locust import HttpUser, between, constant, events, task

BUYERS = int(__import__("os").environ.get("LOAD_BUYERS", "300"))
PASSWORD = "demo-espace-acheteur"  # noqa: S105 (the demo's)
OFFER_URLS = []
FAMILIES = []


@events.test_start.add_listener
def discover(environment, **kwargs):
    """The offers' URLs and the families, from the pages API, once."""
    import requests

    host = environment.host
    listing = requests.get(
        f"{host}/api/v2/pages/",
        params={"type": "catalogue.OfferPage", "fields": "_,html_url", "limit": 100},
        timeout=30,
    ).json()
    OFFER_URLS.extend(
        item["meta"]["html_url"].split("://", 1)[1].split("/", 1)[1] for item in listing["items"]
    )
    page = requests.get(f"{host}/offres/", timeout=30).text
    FAMILIES.extend(sorted(set(re.findall(r"famille=([a-z0-9-]+)", page))))


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
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
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


class ApiConsumer(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def listing(self):
        self.client.get(
            "/api/v2/pages/?type=catalogue.OfferPage&fields=reference,start_date,end_date&limit=20",
            name="api: offres",
        )


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
