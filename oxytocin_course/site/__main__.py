"""``python -m oxytocin_course.site``: build the offline HTML course pages."""
import sys

from .build import main

sys.exit(main())
