"""A task killed half-way leaves no half-written import: the bulk import stores everything in one
transaction. Proved twice: a worker process SIGKILLed in the middle of writing (PostgreSQL), and a
crash raised in the middle of writing (any database)."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from catalog import bulk_import
from catalog.bulk_import import databases_import
from catalog.models import Database, Field, Table

ROOT = Path(__file__).resolve().parents[2]
HEADER = "database_identifier,database_name_vi,database_kind,table_name,field_name,field_datatype\n"
CSV = HEADER + "".join(
    f"CSDL-{d},Cơ sở {d},local,bang_{t},truong_{f},string\n" for d in range(3) for t in range(4) for f in range(5))


def stored():
    return Database.objects.count(), Table.objects.count(), Field.objects.count(), Database.history.count()


@pytest.mark.django_db
def test_a_crash_half_way_stores_nothing(users, bodies, monkeypatch):
    real = bulk_import.bulk_create_with_history

    def crash_after_tables(objs, model, **kwargs):
        created = real(objs, model, **kwargs)
        if model is Table:
            assert Database.objects.count() == 3 and Table.objects.count() == 12  # written, not committed
            raise SystemExit("worker lost")
        return created

    monkeypatch.setattr(bulk_import, "bulk_create_with_history", crash_after_tables)
    with pytest.raises(SystemExit):
        databases_import(user=users["owner"], body=bodies["commune"], data=CSV.encode(), fmt="csv")
    assert stored() == (0, 0, 0, 0)


WORKER = textwrap.dedent("""
    import sys, time
    import django
    django.setup()
    from architecture.models import Body, User
    from catalog import bulk_import
    from catalog.models import Database, Table

    real = bulk_import.bulk_create_with_history

    def stall_after_tables(objs, model, **kwargs):
        created = real(objs, model, **kwargs)
        if model is Table:
            print("MIDWAY", Database.objects.count(), Table.objects.count(), flush=True)
            time.sleep(120)
        return created

    bulk_import.bulk_create_with_history = stall_after_tables
    bulk_import.databases_import(user=User.objects.get(username="owner"), body=Body.objects.get(code="00004"),
                                 data=open(sys.argv[1], "rb").read(), fmt="csv")
    print("FINISHED", flush=True)
""")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_half_way_stores_nothing(users, bodies, tmp_path):
    upload = tmp_path / "import.csv"
    upload.write_text(CSV, encoding="utf-8")
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(upload)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = worker.stdout.readline()
        assert line.split() == ["MIDWAY", "3", "12"], line + worker.stderr.read()
        os.kill(worker.pid, signal.SIGKILL)  # as the OOM killer or a lost node would
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    assert stored() == (0, 0, 0, 0)
