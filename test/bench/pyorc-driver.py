"""Runs pipelines through py-orc for the bench's `pyorc` scenario (test/bench/scenarios/pyorc.ts).

Usage: python pyorc-driver.py PIPELINE.yaml... ; prints one JSON line per pipeline:
{"file": ..., "ms": ..., "ok": true} or {"file": ..., "ok": false, "error": "..."}.
The current folder is the workspace: the pipelines' relative paths land there. Only the run is
timed (the same Orchestrator for all), not Python's start-up or py-orc's import.
"""
import asyncio
import json
import sys
import time


async def main(files):
    from orchestrator import Orchestrator
    from orchestrator.control_systems.tool_integrated_control_system import ToolIntegratedControlSystem

    orchestrator = Orchestrator(control_system=ToolIntegratedControlSystem())
    try:
        for file in files:
            started = time.perf_counter()
            try:
                await orchestrator.execute_yaml_file(file, {})
                print(json.dumps({"file": file, "ok": True, "ms": (time.perf_counter() - started) * 1000}), flush=True)
            except Exception as error:  # noqa: BLE001 - the bench reports any failure as data
                print(json.dumps({"file": file, "ok": False, "error": f"{type(error).__name__}: {error}"}), flush=True)
    finally:
        await orchestrator.shutdown()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
