"""Errors meant for people: each carries a message that names the problem and what to do."""


class PipelineError(Exception):
    """Base of the errors the CLI reports as one line instead of a traceback."""


class ConfigError(PipelineError):
    """models.yaml is malformed: the message names the file and the key."""


class SkipArticle(PipelineError):
    """This input cannot be processed, for a reason that is the input's, not the pipeline's."""


class BackendUnavailable(PipelineError):
    """A translation or summarization backend is missing; the message says how to install it."""
