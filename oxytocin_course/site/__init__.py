"""The offline HTML course pages: ``python -m oxytocin_course.site`` (``make site``).

See :mod:`oxytocin_course.site.build` for what the build does and
:mod:`oxytocin_course.site.assets` for the pinned browser assets.
"""
from .build import BuildError, build, main

__all__ = ["BuildError", "build", "main"]
