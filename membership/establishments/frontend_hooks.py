from wagtail import hooks

from catalogue.hooks import SEED_DEMO_HOOK
from membership.establishments.demo import seed_establishments


@hooks.register(SEED_DEMO_HOOK)
def seed_membership_demo(stdout, options):
    seed_establishments(stdout)
