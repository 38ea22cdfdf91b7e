"""The reconciliation rows of benches/RESULTS.md: the practical limit of reading a recon
file (written by ``recon_file gen``) with polars — ``read_csv`` with every column as text,
then the exact ``str.to_decimal`` sum of ``Subtotal`` — to set beside ``recon_file run``
(the core's whole reconciliation, streamed) and ``recon_file read`` (the core's reader).

    python benches/python/recon_polars.py FILE [--threads N]

Prints ``key=value`` lines: ``rows``, ``subtotal_sum`` (which must equal the core's
``microsoft_total``), ``read_s`` (timed inside the process, imports excluded) and
``peak_rss_mib`` (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads:
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)
    import polars as pl

    t = time.perf_counter()
    df = pl.read_csv(args.file, infer_schema_length=0)
    total = df.get_column("Subtotal").str.to_decimal(scale=2).sum()
    s = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"rows={df.height}")
    print(f"subtotal_sum={total}")
    print(f"read_s={s:.3f}")
    print(f"peak_rss_mib={rss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
