from wagtail import hooks

from catalogue.hooks import (
    SEED_DEMO_HOOK,
)


@hooks.register(SEED_DEMO_HOOK)
def seed_buyer_space_demo(stdout, options):
    from buyer_space.space.demo import seed_buyer_space

    seed_buyer_space(stdout)
