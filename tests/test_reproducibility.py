"""Every notebook gives identical text outputs on two runs in fresh kernels,
and runs with the network unavailable (any socket connection to a
non-loopback address fails inside the kernel)."""
import os
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from oxytocin_course.notebook_files import notebooks

NOTEBOOKS = notebooks()

BLOCKER = textwrap.dedent('''
    """Installed by the tests: refuse any socket connection off this machine."""
    import ipaddress, socket

    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def _loopback(address):
        host = address[0] if isinstance(address, tuple) else address
        if not isinstance(host, str) or host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            raise ConnectionRefusedError(f"network disabled by the course tests: {address!r}")
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            return 111
        return _connect_ex(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    _getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host not in ("localhost",) and not _loopback((host,)):
            raise socket.gaierror(f"network disabled by the course tests: {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
''')

VOLATILE = re.compile(r"0x[0-9a-f]{6,}")
#: One-off messages about the machine, not the notebook (first use of a new venv).
ENVIRONMENTAL = re.compile(r"^.*Matplotlib is building the font cache.*\n?", re.M)


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory):
    d = tmp_path_factory.mktemp("offline")
    (d / "sitecustomize.py").write_text(BLOCKER)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(d)] + [p for p in [env.get("PYTHONPATH")] if p])
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def run(nb, path: Path, env=None):
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(path.parent)}})
    if env is None:
        client.execute()
    else:
        client.execute(env=env)
    return nb


def text_outputs(nb) -> list[str]:
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        streams: dict[str, str] = {}  # the kernel may split one stream into several messages
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                streams[o.name] = streams.get(o.name, "") + o.text
                continue
            if o.output_type in ("execute_result", "display_data"):
                for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
                    if mime in o.data:
                        out.append(f"{i}:{mime}:{VOLATILE.sub('0x…', o.data[mime])}")
            elif o.output_type == "error":
                out.append(f"{i}:error:{o.ename}:{o.evalue}")
        for name, text in sorted(streams.items()):
            text = ENVIRONMENTAL.sub("", text)
            if text.strip():
                out.append(f"{i}:{name}:{text}")
    return out


def test_blocker_blocks(offline_env, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import socket\ns = socket.socket()\ns.settimeout(2)\ns.connect(('192.0.2.1', 80))")]
    path = tmp_path / "net.ipynb"
    with pytest.raises(CellExecutionError, match="network disabled"):
        run(nb, path, offline_env)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_identical_outputs_and_offline(path, offline_env):
    first = run(nbformat.read(path, as_version=4), path, offline_env)
    second = run(nbformat.read(path, as_version=4), path)
    a, b = text_outputs(first), text_outputs(second)
    assert a, "the notebook produced no text output at all"
    if a != b:
        import difflib
        diff = "\n".join(difflib.unified_diff([x[:300] for x in a], [x[:300] for x in b],
                                               "offline run", "second run", lineterm=""))
        pytest.fail(f"text outputs differ between two fresh runs:\n{diff[:4000]}")
