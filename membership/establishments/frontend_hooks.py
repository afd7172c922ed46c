from wagtail import hooks

from catalogue.hooks import SEED_DEMO_HOOK


@hooks.register(SEED_DEMO_HOOK)
def seed_membership_demo(stdout, options):
    from membership.establishments.demo import seed_establishments

    seed_establishments(stdout)
