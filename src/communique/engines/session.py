"""The one SparkSession every Spark run (and test) shares: small, quiet, local by default."""

from __future__ import annotations

import os
import sys
from typing import Any

DEFAULT_MASTER = "local[2]"


def missing_pyspark_message() -> str:
    return "the Spark engine needs PySpark: pip install 'communique[spark]' (and a Java 17 runtime)"


def spark_session(master: str = DEFAULT_MASTER, memory: str = "1g") -> Any:
    """The shared SparkSession (created on first use; later calls get the same one).

    Workers run this interpreter (so they import the same communique); the web UI and the
    console progress bar are off; shuffles use two partitions (right for local[2])."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        from communique.errors import CommuniqueError

        raise CommuniqueError(missing_pyspark_message()) from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("communique")
    settings = {
        "spark.sql.shuffle.partitions": "2",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": memory,
        "spark.executor.memory": memory,
        "spark.python.worker.reuse": "true",
    }
    if master.startswith("local"):
        settings["spark.driver.host"] = "127.0.0.1"
        settings["spark.driver.bindAddress"] = "127.0.0.1"
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def stop_session() -> None:
    """Stop the shared session, if one is running (tests and the CLI call it at the end)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return
    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
