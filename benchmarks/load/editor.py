"""The load test's editor (issue 13): in a browser, as a person would, signs in to the admin
(password, then a recovery code), moves by one day the end of the offer that 5,000 buyers follow,
and publishes it. Run beside locust by run.sh and faults.sh:

    editor.py HOST ACCOUNTS_JSON OUT_JSON [DELAY_SECONDS]

Writes to OUT_JSON when the publication was asked for and answered, and the new end date;
verify.py then times the fan-out (every subscriber notified, every e-mail sent once)."""

import datetime
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project, for tests/

from tests.chromium import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402

DATE_FORMAT = "%d/%m/%Y"  # WAGTAIL_DATE_FORMAT


def publish(host, accounts):
    editor, offer = accounts["editor"], accounts["offer"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{host}/admin/login/")
        page.locator("#id_username").fill(editor["username"])
        page.locator("#id_password").fill(editor["password"])
        page.locator("#id_password").press("Enter")
        page.get_by_label("Code à usage unique").fill(editor["code"])
        page.get_by_role("button", name="Vérifier").click()
        expect(page).to_have_url(f"{host}/admin/")

        page.goto(f"{host}/admin/pages/{offer['id']}/edit/")
        end = page.locator("#id_end_date")
        moved = datetime.datetime.strptime(end.input_value(), DATE_FORMAT).date()
        moved += datetime.timedelta(days=1)
        end.fill(moved.strftime(DATE_FORMAT))
        page.locator("footer").get_by_role("button", name="Plus d'actions").click()
        asked = time.time()
        page.get_by_role("button", name="Publier").click()
        expect(page.locator(".messages .success")).to_be_visible()
        answered = time.time()
        browser.close()
    return {
        "offer": offer["id"],
        "end_date": moved.isoformat(),
        "asked_at": asked,
        "answered_at": answered,
        "seconds": round(answered - asked, 3),
    }


if __name__ == "__main__":
    host, accounts_path, out_path = sys.argv[1:4]
    time.sleep(float(sys.argv[4]) if len(sys.argv) > 4 else 0)
    with open(accounts_path) as handle:
        result = publish(host, json.load(handle))
    with open(out_path, "w") as handle:
        json.dump(result, handle, indent=2)
    print(f"offre {result['offer']} publiée en {result['seconds']} s")
