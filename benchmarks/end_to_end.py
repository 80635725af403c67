"""`pipeline run` on corpus/ with the embedded default: cold, then warm with nothing new.

    python -m benchmarks.end_to_end

Each run is a fresh process (imports and model loading count, as for a user), into one scratch
output folder, with empty translation and embedding caches (the embedding model's one-time
ONNX export is done before, as an install would). Time per stage is the time from a stage's start
to the next event of the run's progress callback, summed over articles; "startup" is from the
process's start to the first event (imports, config, reading the manifest). The warm run's time
is printed as a ratio of the cold run's, both measured in this run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(out: Path) -> None:
    started = time.perf_counter()
    from pipeline.config import load_config
    from pipeline.run.incremental import run

    stages: dict[str, float] = defaultdict(float)
    last = {"stage": "startup", "at": started}

    def progress(path: str, stage: str) -> None:
        now = time.perf_counter()
        stages[last["stage"]] += now - last["at"]
        last.update(stage="other" if stage == "done" else stage, at=now)

    report = run(ROOT / "corpus", out, load_config(ROOT / "models.yaml"), progress=progress)
    stages[last["stage"]] += time.perf_counter() - last["at"]
    print(json.dumps({"total": time.perf_counter() - started, "stages": stages,
                      "processed": sum(o.fresh for o in report.outcomes)}))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as scratch:
        env = {**os.environ, "PIPELINE_CACHE_DIR": str(Path(scratch) / "cache")}
        subprocess.run([sys.executable, "-c", "from pipeline.models.embedder import Embedder; Embedder()._load()"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        results = {}
        for name in ("cold", "warm"):
            started = time.perf_counter()
            command = [sys.executable, "-m", "benchmarks.end_to_end", "--child", str(Path(scratch) / "out")]
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
            results[name] = {**json.loads(done.stdout.strip().splitlines()[-1]),
                             "wall": time.perf_counter() - started}
    stages = sorted({s for r in results.values() for s in r["stages"]},
                    key=lambda s: -results["cold"]["stages"].get(s, 0))
    print(f"{'stage':<16}{'cold s':>10}{'warm s':>10}")
    for stage in stages:
        cold, warm = (results[name]["stages"].get(stage, 0) for name in ("cold", "warm"))
        print(f"{stage:<16}{cold:>10.2f}{warm:>10.2f}")
    for name, r in results.items():
        print(f"{name}: {r['wall']:.2f} s wall (process), {r['total']:.2f} s in the run, {r['processed']} processed")
    print(f"warm/cold={results['warm']['wall'] / results['cold']['wall']:.3f}")


if __name__ == "__main__":
    main()
