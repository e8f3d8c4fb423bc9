"""mof-action: keep a model's Model Openness Framework declaration honest."""
__version__ = "0.1.0"
