"""Run N copies of a job script against one database at once, as N terminals would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_terminals(job: Path, url: str, seconds: float, terminals: int) -> list[dict]:
    """Start `job URL SECONDS SEED` for seeds 0..terminals-1 together; each one's last JSON line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(job), url, str(seconds), str(seed)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for seed in range(terminals)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=seconds + 120)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results
