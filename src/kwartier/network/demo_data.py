"""Demo data of the network app (ecogrammen), on top of the demo municipality."""


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.generate.DemoContext."""


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove what would keep the demo's organisations, areas or residents from being
    deleted (protected references); called before they go."""
