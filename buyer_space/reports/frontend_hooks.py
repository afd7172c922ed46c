from wagtail import hooks

from buyer_space.reports.demo import seed_ledger
from catalogue.hooks import SEED_DEMO_HOOK


@hooks.register(SEED_DEMO_HOOK)
def seed_ledger_demo(stdout, options):
    seed_ledger(stdout)
