"""Tags a JSONL corpus on a Dask distributed cluster, each partition piped through one sertag process.

usage: python3 test/scripts/dask_pipe.py NODE SERTAG_JS INPUT.jsonl OUTPUT.jsonl [--workers 2] [--blocksize BYTES]

A LocalCluster of worker *processes* (not threads), `dask.bag.read_text(...)` split into blocks of
whole lines, `map_partitions` running `sertag tag --input jsonl --format jsonl` once per partition
with the partition's lines on standard input (the JSONL-filter contract that Spark's `RDD.pipe` and
Hadoop Streaming use too), and `to_textfiles`, one file per partition, which are then joined in
partition order into OUTPUT. `tag_partition` is the function docs/cli.md shows. Prints one JSON line
of measurements: partitions, the time of the tagging, and sertag's start-up alone (an empty
partition: what each partition pays before its first record) on each worker.
"""
import argparse
import glob
import json
import logging
import os
import subprocess
import sys
import tempfile
import time


def tag_partition(lines, command):
    """One sertag process for the whole partition: lines in, one result line per record out."""
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines).encode("utf-8")
    out = subprocess.run(command, input=data, stdout=subprocess.PIPE, check=True).stdout
    # Split on b"\n" only: str.splitlines() would also split inside records at U+2028, U+0085…,
    # which JSON leaves unescaped.
    return [line.decode("utf-8") for line in out.split(b"\n")[:-1]]


def start_up_seconds(command, runs=3):
    """sertag's start-up on this worker: the median of a few runs on empty input."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, input=b"", stdout=subprocess.DEVNULL, check=True)
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
    command = [args.node, args.sertag_js, "tag", "--input", "jsonl", "--format", "jsonl"]

    import dask.bag as db
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory(prefix="sertag-dask-") as scratch:
        parts = os.path.join(scratch, "tagged")
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
            bag = db.read_text(args.input, blocksize=args.blocksize).map_partitions(tag_partition, command)
            partitions = bag.npartitions
            bag.to_textfiles(os.path.join(parts, "*.jsonl"), last_endline=True)
            tag_seconds = time.perf_counter() - started
            start_up = client.run(start_up_seconds, command)
        files = sorted(glob.glob(os.path.join(parts, "*.jsonl")), key=lambda p: int(os.path.basename(p).split(".")[0]))
        records = 0
        with open(args.output, "wb") as out:
            for path in files:
                with open(path, "rb") as part:
                    data = part.read()
                records += data.count(b"\n")
                out.write(data)

    print(json.dumps({
        "workers": len(workers),
        "partitions": partitions,
        "part_files": len(files),
        "records": records,
        "start_up_seconds_per_worker": {address: round(seconds, 4) for address, seconds in start_up.items()},
        "cluster_start_seconds": round(cluster_seconds, 3),
        "tag_seconds": round(tag_seconds, 3),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
