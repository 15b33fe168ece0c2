"""Links for serving the course to a class: a JupyterHub with nbgitpuller, or Binder.

``python -m oxytocin_course.classroom --hub https://hub.example.edu --repo https://github.com/ORG/REPO``
prints the link to hand out: it clones the repository into each student's home on the hub
(or updates it, keeping the student's own edits, which is what nbgitpuller does) and
opens notebook 00 in JupyterLab.  ``--binder`` prints the Binder link instead, which
builds the environment from ``environment.yml`` and ``postBuild``.

The link format is nbgitpuller's documented one:
``{hub}/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=lab/tree/{folder}/{notebook}``,
where ``folder`` is the clone's folder, by default the repository's name.
"""
from __future__ import annotations

import argparse
import sys
from urllib.parse import quote, urlencode, urlparse

from .notebook_files import NOTEBOOK_DIR, ROOT

#: The notebook a class link opens.
START = "notebooks/00_start_here.ipynb"


def _repo_name(repo: str) -> str:
    path = urlparse(repo).path.rstrip("/")
    name = path.rsplit("/", 1)[-1].removesuffix(".git")
    if not name:
        raise ValueError(f"cannot read a repository name from {repo!r}; give the clone URL, "
                         "e.g. https://github.com/ORG/oxytocin-course")
    return name


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", notebook: str = START,
                     folder: str | None = None) -> str:
    """The nbgitpuller link that opens ``notebook`` of ``repo`` on ``hub`` in JupyterLab."""
    parsed = urlparse(hub)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"hub must be the hub's address, e.g. https://hub.example.edu; "
                         f"got {hub!r}")
    if not (ROOT / notebook).is_file():
        raise ValueError(f"{notebook} is not a file of the course (notebooks are in "
                         f"{NOTEBOOK_DIR.relative_to(ROOT)}/)")
    folder = folder or _repo_name(repo)
    query = urlencode({"repo": repo, "branch": branch,
                       "urlpath": f"lab/tree/{folder}/{notebook}"}, quote_via=quote)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(repo: str, ref: str = "HEAD", notebook: str = START) -> str:
    """The Binder link that builds ``repo`` (a GitHub repository) and opens ``notebook``."""
    parsed = urlparse(repo)
    slug = parsed.path.strip("/").removesuffix(".git")
    if parsed.netloc != "github.com" or slug.count("/") != 1:
        raise ValueError(f"repo must be a GitHub repository URL, "
                         f"https://github.com/ORG/NAME; got {repo!r}")
    return f"https://mybinder.org/v2/gh/{slug}/{ref}?{urlencode({'labpath': notebook})}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m oxytocin_course.classroom",
                                     description="Print the link that opens the course for a class.")
    parser.add_argument("--repo", required=True, help="the repository's clone URL")
    parser.add_argument("--hub", help="your JupyterHub's address (with nbgitpuller)")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--binder", action="store_true", help="print the Binder link instead")
    args = parser.parse_args(argv)
    try:
        if args.binder:
            print(binder_link(args.repo, args.branch if args.branch != "main" else "HEAD"))
        elif args.hub:
            print(nbgitpuller_link(args.hub, args.repo, args.branch))
        else:
            parser.error("give --hub URL (JupyterHub with nbgitpuller) or --binder")
    except ValueError as err:
        print(f"classroom: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
