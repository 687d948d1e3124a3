"""Who must use a second factor, as each settings module decides it: production always,
the development settings (`make run`, the embedded default) never unless asked."""

import pytest

from tests.settings_probe import printed_under

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64,
    "DATABASE_URL": "sqlite:////tmp/portal-accounts-settings.sqlite3",
    "ALLOWED_HOSTS": "portal.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://portal.example.org",
}


def policy_under(module: str, **env) -> list[str]:
    printed = printed_under(
        module,
        "s.TWO_FACTOR_REQUIRED, '|'.join(s.TWO_FACTOR_REQUIRED_GROUPS)",
        unset=("TWO_FACTOR_REQUIRED",),
        **env,
    )
    return printed.split(" ", 1)


@pytest.mark.parametrize("asked", ["", "false"])
def test_production_always_requires_the_second_factor(asked):
    env = {**PRODUCTION_ENV, **({"TWO_FACTOR_REQUIRED": asked} if asked else {})}
    assert policy_under("portal.settings.production", **env) == ["True", "Inquiry staff"]


def test_development_offers_it_without_requiring_it():
    assert policy_under("portal.settings.dev")[0] == "False"
    assert policy_under("portal.settings.dev", TWO_FACTOR_REQUIRED="true")[0] == "True"


def test_the_groups_come_from_the_environment():
    env = {**PRODUCTION_ENV, "TWO_FACTOR_REQUIRED_GROUPS": "Inquiry staff,Moderators"}
    assert policy_under("portal.settings.production", **env) == ["True", "Inquiry staff|Moderators"]
