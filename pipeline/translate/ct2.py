"""MarianMT through CTranslate2: the configured transformers model, converted once.

The conversion (int8 weights on a CPU, float16 on a GPU) goes into the cache folder, keyed by
the model's identity and the compute type, and is reused by every later run. Sentence batching,
the length and repetition guards, the fallback and the disk cache are the Marian backend's own
(`SentenceTranslator`).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import BackendUnavailable
from pipeline.models.cache import cache_folder
from pipeline.translate.sentences import SentenceTranslator, degenerate

log = logging.getLogger(__name__)


@cache  # asked for by every cache key; the answer does not change within a process
def device_and_compute_type() -> tuple[str, str]:
    try:
        import ctranslate2
    except ImportError:
        raise BackendUnavailable("the ctranslate2 backend needs its package: "
                                 "pip install 'pipeline[ctranslate2]'") from None

    return ("cuda", "float16") if ctranslate2.get_cuda_device_count() > 0 else ("cpu", "int8")


class CTranslate2Translator(SentenceTranslator):
    name = "ctranslate2"

    _loaded: tuple[Any, Any] | None = None
    _limits: tuple[int, int] = (0, 512)  # the model's generation config: min and max new tokens

    @property
    def fingerprint(self) -> str:
        _, compute_type = device_and_compute_type()
        return f"{super().fingerprint}:{compute_type}"

    def converted(self) -> Path:
        """The CTranslate2 model folder, converted on first use and kept in the cache folder."""
        _, compute_type = device_and_compute_type()
        key = hashlib.sha256(self.resolved.fingerprint.encode()).hexdigest()[:20]
        target = cache_folder() / "ctranslate2" / f"{key}-{compute_type}"
        if (target / "model.bin").is_file():
            return target
        from ctranslate2.converters import TransformersConverter

        assert self.resolved.folder is not None
        log.info("converting %s for CTranslate2 (%s) into %s", self.settings.model, compute_type, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".convert-"))
        try:
            TransformersConverter(str(self.resolved.folder)).convert(str(staging / "model"), quantization=compute_type,
                                                                     force=True)
            (staging / "model").rename(target)  # whole or not at all, even if two runs race
        except OSError:
            if not (target / "model.bin").is_file():
                raise
        except Exception as error:  # the converter's errors have no common type
            raise BackendUnavailable(f"{self.settings.model} cannot be converted for CTranslate2: {error}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return target

    def _tokenizer(self) -> Any:
        return self._load()[0]

    def _generate(self, pieces: list[str], settings: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
        tokenizer, translator = self._load()
        tokens = {p: tokenizer.convert_ids_to_tokens(tokenizer(p)["input_ids"]) for p in pieces}
        ordered = sorted(pieces, key=lambda p: -len(tokens[p]))
        minimum, limit = self._limits
        out: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(ordered), self.settings.batch_size):
            batch = ordered[start:start + self.settings.batch_size]
            results = translator.translate_batch(
                [tokens[p] for p in batch], beam_size=settings["num_beams"],
                no_repeat_ngram_size=settings["no_repeat_ngram_size"],
                repetition_penalty=settings.get("repetition_penalty", 1.0),
                max_decoding_length=self._budget(len(tokens[batch[0]]), limit),
                min_decoding_length=minimum, max_batch_size=self.settings.batch_size)
            for piece, result in zip(batch, results, strict=True):
                hypothesis = result.hypotheses[0]
                text = tokenizer.decode(tokenizer.convert_tokens_to_ids(hypothesis), skip_special_tokens=True).strip()
                out[piece] = (text, degenerate(len(tokens[piece]), text, len(hypothesis)))
        return out

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            import ctranslate2
            from transformers import AutoTokenizer, GenerationConfig

            folder = self.converted()
            device, compute_type = device_and_compute_type()
            assert self.resolved.folder is not None
            tokenizer = AutoTokenizer.from_pretrained(self.resolved.folder, local_files_only=True,
                                                      trust_remote_code=False)
            try:
                generation = GenerationConfig.from_pretrained(self.resolved.folder, local_files_only=True)
                self._limits = (generation.min_new_tokens or 0,
                                generation.max_new_tokens or generation.max_length or 512)
            except OSError:  # no generation_config.json: the defaults stand
                pass
            self._loaded = (tokenizer, ctranslate2.Translator(str(folder), device=device, compute_type=compute_type))
        return self._loaded
