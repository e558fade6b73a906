"""The one SparkSession every Spark run (and test) shares: small, quiet, local by default."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from typing import Any

DEFAULT_MASTER = "local[2]"
# The JVM logs at WARN from its first line unless told otherwise before it starts.
_LOG4J2 = """status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
rootLogger.level = error
rootLogger.appenderRef.stdout.ref = console
"""


def _log_config() -> str:
    tag = hashlib.sha1(_LOG4J2.encode()).hexdigest()[:8]
    path = os.path.join(tempfile.gettempdir(), f"communique-spark-log4j2-{os.getuid()}-{tag}.properties")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(_LOG4J2)
    return path


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
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(master).appName("communique")
    settings = {
        "spark.sql.shuffle.partitions": "2",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": memory,
        "spark.executor.memory": memory,
        "spark.python.worker.reuse": "true",
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{_log_config()}",
    }
    if master.startswith("local"):
        settings["spark.driver.host"] = "127.0.0.1"
        settings["spark.driver.bindAddress"] = "127.0.0.1"
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL: one clear line, not a JVM trace
        from communique.errors import CommuniqueError

        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CommuniqueError(f"cannot start Spark at {master}: {first} (is a Java 17 runtime installed?)") from exc
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
