"""Translation throughput and peak memory, measured side by side in one run.

    python -m benchmarks.translation [--tokens 20] [--batch-size 16]

Variants, each in a process of its own so that its peak memory is its own:
  naive   what transformers.pipeline("translation") did, called once per paragraph: tokenize
          with truncation, generate with the model's generation config, decode. (transformers 5
          removed the "translation" task, so its steps are written out here.)
  marian       the pipeline's Marian backend (sentences, sorted batches, guards, disk cache)
  ctranslate2  the pipeline's CTranslate2 backend: the same, on the model converted once (int8
               on a CPU, float16 on a GPU; the conversion is done before timing)

All use one random-weight model of the exact Helsinki-NLP/opus-mt-fr-en architecture (its
published configuration, a sentencepiece vocabulary trained on corpus/), with a fixed output
length: the model's generation config sets min_new_tokens = max_new_tokens = --tokens, so every
variant generates the same number of tokens per sequence. The input is every cleaned paragraph
of corpus/. Throughput is counted in source sentences per second. The machine is shared and
noisy, so the ratios against the naive baseline, measured in the same run, are what to compare.
Every variant runs on the GPU when there is one (float32 for the naive baseline, as its steps
do; the backends' own choice otherwise: see `dtype` in models.yaml), else on the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("naive", "marian", "ctranslate2")


def paragraphs() -> list[str]:
    from pipeline.clean import clean
    from pipeline.read.ingest import ingest

    return [p.text for path in sorted((ROOT / "corpus").glob("*.txt")) for p in clean(ingest(path)).paragraphs]


def build_model(folder: Path, tokens: int) -> None:
    from transformers import GenerationConfig

    sys.path.insert(0, str(ROOT))
    from tests.fixtures.models import build_marian

    build_marian(folder, published=True)
    config = GenerationConfig.from_pretrained(folder)
    config.update(min_new_tokens=tokens, max_new_tokens=tokens, num_beams=4, max_length=None)
    config.save_pretrained(folder)


def run_variant(variant: str, folder: Path, batch_size: int, scratch: Path) -> dict[str, float]:
    """Load the variant's model (not timed), translate every paragraph (timed)."""
    import torch

    from pipeline.text import split_sentences

    texts = paragraphs()
    sentences = sum(len(split_sentences(t, "fr")) for t in texts)
    if variant == "naive":
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        device = "cuda" if torch.cuda.is_available() else "cpu"
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model = AutoModelForSeq2SeqLM.from_pretrained(folder).to(device).eval()

        def translate() -> None:
            for text in texts:
                inputs = tokenizer(text, return_tensors="pt", truncation=True).to(device)
                with torch.inference_mode():
                    tokenizer.decode(model.generate(**inputs)[0], skip_special_tokens=True)
    else:
        from pipeline.config import MarianSettings
        from pipeline.models.cache import translation_cache
        from pipeline.models.hub import resolve
        from pipeline.translate.ct2 import CTranslate2Translator
        from pipeline.translate.marian import MarianTranslator

        backend = CTranslate2Translator if variant == "ctranslate2" else MarianTranslator
        neural = backend(MarianSettings(model=str(folder), batch_size=batch_size, num_beams=4),
                         resolve(str(folder)), "fr", fallback=None,
                         cache=translation_cache(scratch / f"cache-{variant}.sqlite"))
        neural._load()

        def translate() -> None:
            neural.translate(texts)
    started = time.perf_counter()
    translate()
    seconds = time.perf_counter() - started
    return {"sentences": sentences, "seconds": seconds, "threads": torch.get_num_threads(),
            "device": "cuda" if torch.cuda.is_available() else "cpu",
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=20, help="fixed output length per sequence")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:  # child process: one variant, result as JSON on stdout
        print(json.dumps(run_variant(args.variant, args.model, args.batch_size, args.scratch)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-translation-") as scratch:
        folder = Path(scratch) / "opus-mt-fr-en-random"
        print(f"building a random-weight opus-mt-fr-en ({args.tokens} output tokens per sequence)...", flush=True)
        build_model(folder, args.tokens)
        results = {}
        for variant in VARIANTS:
            env = {**os.environ, "PIPELINE_CACHE_DIR": scratch}  # the conversion lands in the scratch folder
            child = subprocess.run([sys.executable, "-m", "benchmarks.translation", "--variant", variant,
                                    "--model", str(folder), "--scratch", scratch,
                                    "--batch-size", str(args.batch_size)],
                                   cwd=ROOT, capture_output=True, text=True, check=True, env=env)
            results[variant] = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"{'variant':<13}{'device':>7}{'sentences':>10}{'seconds':>10}{'sent/s':>10}{'peak MB':>10}")
    for variant, r in results.items():
        print(f"{variant:<13}{r['device']:>7}{r['sentences']:>10}{r['seconds']:>10.2f}"
              f"{r['sentences'] / r['seconds']:>10.2f}{r['peak_rss_mb']:>10.0f}")
    base = results["naive"]["sentences"] / results["naive"]["seconds"]
    speedups = (f"{v}/naive={results[v]['sentences'] / results[v]['seconds'] / base:.2f}"
                for v in VARIANTS if v != "naive")
    print("speedup " + " ".join(speedups))


if __name__ == "__main__":
    main()
