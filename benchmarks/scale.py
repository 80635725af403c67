"""Cost at every size: one article cold, and batches of N = 10, 40, 160, 640 real articles.

    python -m benchmarks.scale [--sizes 10 40 160 640] [--dev ../shared/dev]

Articles come from ../shared/dev (the French news of summ_fr and of the clusters); past the
supply, copies are made distinct by a mark on every sentence, so no translation or embedding is
served from a cache. Each measurement runs in a fresh process with empty caches (but for the
ONNX export of the embedding model, a one-time install step). Printed: for one article, the
cold-start breakdown (imports, model loads, each stage) of the longest corpus article, and its
`pipeline summarize` time; per N, the cold run (wall and CPU
seconds, seconds per article, peak MB, seconds per stage, the report's site among them) and the
incremental run that adds one article, with the growth exponent between sizes; the translate
stage's throughput against the two Apertium modes piped by hand in the same run. The last line
gives the ratios that matter.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "dev"

# Runs in a child process: one `pipeline run`, with each stage's functions timed where the
# pipeline calls them (stages run for several articles at once, so progress marks would not do).
_RUN = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter(); cpu0 = time.process_time()
from pipeline.run import stages as wiring
from pipeline.config import load_config
from pipeline.run.incremental import run
spent, chars = {}, [0]
def timed(name, function):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return wrapper
for name in ("ingest_bytes", "detect", "clean", "cite"):
    setattr(wiring, name, timed(name.split("_")[0], getattr(wiring, name)))
translate_all = timed("translate", wiring.translate_all)
def counted(articles, translators):
    chars[0] += sum(len(p.text) for a in articles for p in a.paragraphs)
    return translate_all(articles, translators)
wiring.translate_all = counted
wiring.Pipeline._summarize = timed("summarize", wiring.Pipeline._summarize)
wiring.Pipeline.merge = timed("merge", wiring.Pipeline.merge)
from pipeline.run import site as report
report.SiteWriter.update = timed("site", report.SiteWriter.update)
report = run(Path(sys.argv[1]), Path(sys.argv[2]), load_config(Path(sys.argv[3])))
print(json.dumps({"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "stages": spent,
                  "translated_chars": chars[0], "processed": sum(o.fresh for o in report.outcomes)}))
"""

# Runs in a child process: one article through every stage, each start-up cost apart.
_ONE = """
import json, sys, time
from pathlib import Path
t = time.perf_counter(); marks = {}
def mark(name):
    global t
    now = time.perf_counter(); marks[name] = now - t; t = now
from pipeline.config import load_config
from pipeline.run.stages import Pipeline
from pipeline import clean, translate
from pipeline.read import ingest, language as detect
mark("imports")
pipe = Pipeline(load_config(Path(sys.argv[2])))
pipe.embedder._load(); mark("load embedding model")
detect.detect(ingest.parse("Le chat dort dans la maison depuis ce matin.", article_id="w", source_path="w"))
mark("load language model")
# every process the translation calls: the name finder and each Apertium mode the repairs use
pipe.translators.warm_up("fr")
pipe.translators.get("fr").translate(["Le chaton de Prudhomme ironise à La Haye."])
mark("start Apertium and the name finder")
article = ingest.ingest(Path(sys.argv[1])); mark("ingest")
article = detect.detect(article); mark("detect")
article = clean.clean(article); mark("clean")
article = translate.translate(article, pipe.translators); mark("translate")
sentences = pipe._summarizer.component.summarize(article, pipe.config.summarize.sentences); mark("summarize")
from pipeline.summarize.cite import cite
cite(article, sentences, pipe.embedder); mark("cite")
print(json.dumps(marks))
"""


def dev_articles(dev: Path) -> list[str]:
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((dev / "summ_fr").glob("*.json"))]
    for cluster in sorted((dev / "clusters").glob("*.json")):
        texts += [d["text"] for d in json.loads(cluster.read_text(encoding="utf-8"))["documents"]]
    # OrangeSum glues paragraphs (".Le"): give them their break back
    return [re.sub(r"(?<=[a-zé][.!?])(?=[A-ZÀ-Ý])", "\n\n", t) for t in texts if len(t.split()) >= 80]


def distinct(texts: list[str], count: int) -> list[str]:
    """`count` articles: the supply, then copies whose every sentence carries the copy's mark."""
    out = []
    for index in range(count):
        copy, source = divmod(index, len(texts))
        text = texts[source]
        out.append(text if copy == 0 else re.sub(r"(?<=[.!?])(\s|$)", f" [{copy}]\\1", text))
    return out


def write(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, text in enumerate(texts):
        (folder / f"a{index:05d}.txt").write_text(text, encoding="utf-8")


def child(code: str, *args: str, cache: Path) -> dict:
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_cache(scratch: Path, onnx: Path, name: str) -> Path:
    cache = scratch / name
    shutil.copytree(onnx, cache / "onnx")
    return cache


def piped_throughput(texts: list[str]) -> float:
    """Characters a second through `apertium fr-es | apertium spa-eng` by hand."""
    text = "\n\n".join(texts)
    started = time.perf_counter()
    subprocess.run("apertium -u fr-es | apertium -u spa-eng", shell=True, input=text, capture_output=True,
                   text=True, check=True)
    return len(text) / (time.perf_counter() - started)


def exponent(small: float, large: float, ratio: float) -> float:
    return math.log(large / small) / math.log(ratio) if small > 0 and large > 0 else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 40, 160, 640])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = parser.parse_args(argv)
    supply = dev_articles(args.dev)
    texts = distinct(supply, max(args.sizes) + 2)
    config = ROOT / "models.yaml"
    with tempfile.TemporaryDirectory(prefix="pipeline-scale-") as scratch_name:
        scratch = Path(scratch_name)
        onnx = scratch / "warm"
        child("from pipeline.models.embedder import Embedder; Embedder()._load(); print('{}')", cache=onnx)
        onnx = onnx / "onnx"
        print(f"{len(supply)} dev articles; sizes {args.sizes}; one process and empty caches per measurement")

        single = ROOT / "corpus" / "004_6299e5e49af4e9bc.txt"  # the longest corpus article, as a user would
        one = child(_ONE, str(single), str(config), cache=fresh_cache(scratch, onnx, "one"))
        work = sum(v for k, v in one.items() if not (k == "imports" or k.startswith(("load", "start"))))
        print("\none article cold, each cost apart: " + ", ".join(f"{k} {v:.2f}" for k, v in one.items()))
        env = {**os.environ, "PIPELINE_CACHE_DIR": str(fresh_cache(scratch, onnx, "summarize")), "HF_HUB_OFFLINE": "1"}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "summarize", str(single)], capture_output=True, env=env,
                       cwd=ROOT, check=True)
        total = time.perf_counter() - started
        startup = total - work  # all that is not this article's own work: imports, loads, exit
        print(f"`pipeline summarize` of it, cold: {total:.2f} s, of which {startup:.2f} s start-up "
              "(loads overlap: Apertium starts and the model loads while the text is read and cleaned)")

        print(f"\n{'N':>5} {'wall s':>8} {'cpu s':>8} {'s/article':>9} {'peak MB':>8}  stages (s)   "
              f"{'+1 wall s':>9}")
        rows = {}
        for size in args.sizes:
            corpus, out = scratch / f"corpus{size}", scratch / f"out{size}"
            write(corpus, texts[:size])
            cache = fresh_cache(scratch, onnx, f"cache{size}")
            cold = child(_RUN, str(corpus), str(out), str(config), cache=cache)
            (corpus / "new.txt").write_text(texts[size], encoding="utf-8")
            added = child(_RUN, str(corpus), str(out), str(config), cache=cache)
            rows[size] = (cold, added)
            stages = " ".join(f"{k} {v:.1f}" for k, v in sorted(cold["stages"].items(), key=lambda kv: -kv[1])[:4])
            print(f"{size:>5} {cold['wall']:8.1f} {cold['cpu']:8.1f} {cold['wall'] / size:9.3f} {cold['peak_mb']:8.0f}"
                  f"  {stages}   {added['wall']:9.2f}")
        sizes = sorted(rows)
        for small, large in zip(sizes, sizes[1:], strict=False):
            print(f"growth {small}->{large}: wall exponent "
                  f"{exponent(rows[small][0]['wall'], rows[large][0]['wall'], large / small):.2f}, incremental "
                  f"{exponent(rows[small][1]['wall'], rows[large][1]['wall'], large / small):.2f}")

        alone_corpus = scratch / "alone"
        write(alone_corpus, [texts[max(args.sizes) + 1]])
        alone = child(_RUN, str(alone_corpus), str(scratch / "alone-out"), str(config),
                      cache=fresh_cache(scratch, onnx, "alone"))
        middle = sizes[min(1, len(sizes) - 1)]
        translated = rows[middle][0]["translated_chars"]
        stage = rows[middle][0]["stages"].get("translate", float("nan"))
        piped = piped_throughput(texts[:middle])
        print(f"\ntranslate stage at N={middle}: {translated / stage:,.0f} chars/s; Apertium piped by hand: "
              f"{piped:,.0f} chars/s")
        largest, at160, at40 = sizes[-1], rows.get(160, rows[sizes[-1]]), rows.get(40, rows[sizes[0]])
        site_cold, site_added = (rows[largest][k]["stages"].get("site", 0.0) for k in (0, 1))
        print(f"startup_share={startup / total:.2f} one_article_s={total:.2f} "
              f"cpu_per_article_160={at160[0]['cpu'] / (160 if 160 in rows else largest):.2f} "
              f"memory_{largest}/40={rows[largest][0]['peak_mb'] / at40[0]['peak_mb']:.2f} "
              f"translate/piped={translated / stage / piped:.2f} "
              f"incremental_{largest}/alone={rows[largest][1]['wall'] / alone['wall']:.2f} "
              f"site_{largest}/cold={site_cold / rows[largest][0]['wall']:.3f} "
              f"site_{largest}_plus_one/cold={site_added / rows[largest][0]['wall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
