"""Connected components on Spark RDDs: iterative min-label propagation with joins.

    connected_components(edges, n, max_rounds) -> RDD[(node, label)]

Every node starts labelled with the smallest of itself and its neighbours; each round it
takes the smallest label among its neighbours' labels, until no label changes (an unchanged sum of labels: they only decrease). The label
of a component is then its smallest node. Rounds grow with the component's diameter, which
is small here (pairs, stars around a lead key); lineage is cut every few rounds so long
chains do not make the plan grow without bound. No GraphFrames: plain RDD joins.
"""

from __future__ import annotations

from typing import Any

CHECKPOINT_EVERY = 8


def _both_ways(edge: tuple[int, int]) -> list[tuple[int, int]]:
    a, b = edge
    return [(a, b), (b, a)]


def _smaller(pair: tuple[int, int]) -> tuple[int, int]:
    node, neighbour = pair
    return node, min(node, neighbour)


def _to_neighbour(row: tuple[int, tuple[int, int]]) -> tuple[int, int]:
    _node, (neighbour, label) = row
    return neighbour, label


def _label(row: tuple[int, int]) -> int:
    return row[1]


def connected_components(edges: Any, n: int, max_rounds: int = 1000) -> Any:
    """(node, label) for every node on at least one edge; label = the component's smallest node.

    n: partitions of every shuffle (PySpark otherwise adds up the partitions of a union's
    inputs, and each round would double the tasks)."""
    adjacency = edges.flatMap(_both_ways).distinct(n).cache()
    labels = adjacency.map(_smaller).reduceByKey(min, n).cache()
    total = labels.map(_label).sum()
    for round_no in range(1, max_rounds + 1):
        proposals = adjacency.join(labels, n).map(_to_neighbour)
        updated = labels.union(proposals).reduceByKey(min, n).cache()
        if round_no % CHECKPOINT_EVERY == 0:
            updated.localCheckpoint()  # marks it: the sum below materializes and truncates
        # Labels only ever decrease, over a fixed set of nodes: an unchanged sum is no change.
        new_total = updated.map(_label).sum()
        labels.unpersist()
        labels = updated
        if new_total == total:
            break
        total = new_total
    else:  # pragma: no cover - a component with a diameter over max_rounds
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
    adjacency.unpersist()
    return labels
