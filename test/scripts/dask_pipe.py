"""Tags a JSONL corpus on a Dask distributed cluster, each partition piped through one sertag process.

usage: python3 test/scripts/dask_pipe.py NODE SERTAG_JS INPUT.jsonl OUTPUT.jsonl [--workers 2] [--blocksize BYTES]

A LocalCluster of worker *processes* (not threads), `dask.bag.read_text(...)` split into blocks of
whole lines, and `map_partitions` running `sertag tag --input jsonl --format jsonl` once per
partition with the partition's lines on standard input: the JSONL-filter contract, the same one
Spark's `RDD.pipe` and Hadoop Streaming use. The results, gathered in partition order, are written
to OUTPUT. Prints one JSON line of measurements: partitions, the wall time of each partition's
sertag process, and sertag's start-up alone (an empty partition) on each worker.
"""
import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time


def tag_partition(lines, node, sertag_js):
    """One sertag process for the whole partition: lines in, one result line per record out."""
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines).encode("utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [node, sertag_js, "tag", "--input", "jsonl", "--format", "jsonl"],
        input=data,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"sertag exited {done.returncode}: {done.stderr.decode('utf-8', 'replace')[:2000]}")
    out = done.stdout.decode("utf-8").splitlines(keepends=True)
    # The timing travels with the data as a last, marked element, removed before the output is written.
    return out + [{"seconds": seconds, "records": len(out)}]


def start_up_seconds(node, sertag_js, runs=3):
    """sertag's start-up on this worker: the median of a few runs on empty input."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([node, sertag_js, "tag", "--input", "jsonl", "--format", "jsonl"], input=b"", stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("node")
    parser.add_argument("sertag_js")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", type=int, default=64_000)
    args = parser.parse_args()

    import dask.bag as db
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory(prefix="sertag-dask-") as scratch:
        cluster_started = time.perf_counter()
        with LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            local_directory=scratch,
            silence_logs=logging.ERROR,
        ) as cluster, Client(cluster) as client:
            cluster_seconds = time.perf_counter() - cluster_started
            workers = sorted(client.scheduler_info()["workers"])
            started = time.perf_counter()
            bag = db.read_text(args.input, blocksize=args.blocksize).map_partitions(tag_partition, args.node, args.sertag_js)
            results = bag.compute()
            tag_seconds = time.perf_counter() - started
            start_up = client.run(start_up_seconds, args.node, args.sertag_js)

    lines = [item for item in results if isinstance(item, str)]
    partitions = [item for item in results if isinstance(item, dict)]
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        out.writelines(lines)
    print(json.dumps({
        "workers": len(workers),
        "worker_addresses": workers,
        "partitions": len(partitions),
        "records": len(lines),
        "partition_seconds": [round(p["seconds"], 4) for p in partitions],
        "partition_records": [p["records"] for p in partitions],
        "start_up_seconds_per_worker": {address: round(seconds, 4) for address, seconds in start_up.items()},
        "cluster_start_seconds": round(cluster_seconds, 3),
        "tag_seconds": round(tag_seconds, 3),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
