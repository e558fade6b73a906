"""Execution engines: the same pure stages run by something other than the local loop.

    communique.engines.spark.ingest_spark(store, inputs, settings, master="local[2]")

`stages` holds the per-record functions the engines ship to their workers (no Spark import
there, so they are tested like any other stage); `session` builds the one shared
SparkSession; `components` computes connected components on Spark RDDs; `spark` wires them.
PySpark is an optional dependency (`pip install communique[spark]`): nothing here imports it
until a Spark run is asked for.
"""
