"""Development tools for maintainers: benchmarks (``python -m
oxytocin_course.dev.bench``, run by ``make bench``) and the explorer discovery
the tests and the benchmark share.  Course notebooks never import this."""
