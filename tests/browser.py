"""What the browser tests share: logging in through the portal's own login form."""

from catalogue.services.demo import ADMIN_PASSWORD


def log_in(page, site, email, password=ADMIN_PASSWORD):
    """Log in as a person does, and wait for the page the login leads to."""
    page.goto(f"{site}/compte/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").last.click()
