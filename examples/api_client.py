"""A hospital's script using the buyer API (httpx): its contracts, its latest data file, a
question to the centre.

    ESPACE_API_TOKEN=ea_… python examples/api_client.py --base-url https://espace-acheteur.example

The token is created in Mon espace (*Mes jetons d'API*, scope « Lecture et écriture » to ask the
question) or by ``manage.py create_api_token EMAIL --scope write``.
"""

import argparse
import os
import sys
from pathlib import Path

import httpx

PAGE = 100


def contracts(client):
    """Every contract, page after page (``limit``/``offset``)."""
    offset = 0
    while True:
        page = client.get("/marches", params={"limit": PAGE, "offset": offset})
        page.raise_for_status()
        body = page.json()
        yield from body["items"]
        offset += len(body["items"])
        if not body["items"] or offset >= body["count"]:
            return


def latest_data_file(client, folder):
    """Download the newest data file (the list comes newest first); its path, or None."""
    listing = client.get("/documents/donnees", params={"limit": 1})
    if listing.status_code == 403:  # data files are for establishment administrators
        return None
    listing.raise_for_status()
    items = listing.json()["items"]
    if not items:
        return None
    item = items[0]
    with client.stream("GET", item["url"]) as response:
        response.raise_for_status()
        disposition = response.headers.get("content-disposition", "")
        name = disposition.rsplit("filename=", 1)[-1].strip('"') or f"fichier-{item['id']}"
        target = Path(folder) / Path(name).name
        with target.open("wb") as out:
            for chunk in response.iter_bytes():
                out.write(chunk)
    return target


def ask(client, subject, text):
    """A question about the first establishment where the account is active."""
    me = client.get("/moi")
    me.raise_for_status()
    active = [a for a in me.json()["rattachements"] if a["statut"] == "actif"]
    if not active:
        raise SystemExit("Ce compte n'a aucun rattachement actif.")
    response = client.post(
        "/echanges",
        data={
            "type": "question",
            "etablissement": str(active[0]["etablissement_id"]),
            "objet": subject,
            "texte": text,
        },
    )
    if response.status_code >= 400:
        problem = response.json()
        raise SystemExit(f"{problem['title']} : {problem['detail']}")
    return response.json()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("ESPACE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("ESPACE_API_TOKEN"))
    parser.add_argument("--dossier", default=".", help="où enregistrer le fichier de données")
    parser.add_argument("--objet", default="Question envoyée par notre logiciel achats")
    parser.add_argument("--question", default="Pouvez-vous nous confirmer le délai de livraison ?")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("donnez le jeton (--token ou ESPACE_API_TOKEN)")
    with httpx.Client(
        base_url=f"{args.base_url.rstrip('/')}/api/espace/v1",
        headers={"Authorization": f"Bearer {args.token}"},
        timeout=30,
    ) as client:
        found = list(contracts(client))
        print(f"{len(found)} marché(s) :")
        for contract in found:
            print(f"  {contract['numero']} – {contract['intitule']} ({contract['statut']})")
        path = latest_data_file(client, args.dossier)
        print(f"Dernier fichier de données : {path}" if path else "Aucun fichier de données.")
        exchange = ask(client, args.objet, args.question)
        print(f"Question envoyée : échange n° {exchange['id']} ({exchange['statut']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
