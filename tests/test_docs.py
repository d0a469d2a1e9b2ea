"""The documentation site builds without warnings, and the generated API coverage page
is up to date with the op registry."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_api_coverage_page_is_current():
    res = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_api_coverage.py"),
                          "--check"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr


def test_docs_build_strict(tmp_path):
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                          "-d", str(tmp_path / "site")], capture_output=True, text=True,
                         cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "api-coverage" / "index.html").exists()
