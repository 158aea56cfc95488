"""Settings come from the environment, have safe defaults and stop on values they cannot read."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
    "s.LANGUAGE_CODE, s.CACHES['default']['BACKEND']]))"
)


def _settings_in(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run([sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


def test_embedded_default_needs_nothing_installed():
    result = _settings_in({})
    assert result.returncode == 0, result.stderr
    debug, engine, eager, language, cache = json.loads(result.stdout)
    assert debug is False
    assert engine == "django.db.backends.sqlite3"
    assert eager is True
    assert language == "vi"
    assert cache.endswith("LocMemCache")


def test_services_switch_on_from_the_environment():
    result = _settings_in({"DATABASE_URL": "postgresql://u@127.0.0.1:5432/x", "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode == 0, result.stderr
    debug, engine, eager, language, cache = json.loads(result.stdout)
    assert engine == "django.db.backends.postgresql"
    assert eager is False  # tasks go to the real broker and a worker
    assert cache.endswith("RedisCache")


@pytest.mark.parametrize("env,message", [
    ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
    ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL must be"),
    ({"DB_CONN_MAX_AGE": "forever", "DATABASE_URL": "postgresql://u@h/x"}, "DB_CONN_MAX_AGE='forever'"),
])
def test_bad_values_stop_start_up(env, message):
    result = _settings_in(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.vn, b.vn,")
    assert env_bool("FLAG") is True
    assert env_bool("MISSING_FLAG", True) is True
    assert env_int("COUNT", 0) == 12
    assert env_list("HOSTS", []) == ["a.vn", "b.vn"]
    monkeypatch.setenv("COUNT", "mười")
    with pytest.raises(ImproperlyConfigured):
        env_int("COUNT", 0)
