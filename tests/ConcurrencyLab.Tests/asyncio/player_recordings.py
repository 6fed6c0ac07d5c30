# Lesson 05's programs (tick_parity_programs.py) recorded by the Python helpers' recorder, concurrency_lab.record:
# CPython's own asyncio loop, tick by tick, in the player's JSON format ("concurrency-lab/player", version 1).
# LoopPlayerOfCPythonRecordingTests reads each recording with LoopPlayer.FromRecording and sets it beside the same
# program run on the C# EventLoop (TickParityPrograms.cs).
#
# Usage: python3 player_recordings.py [NAME...]
#   -> one JSON object on stdout: {name: recording}; what the programs print goes to stderr.
import json
import sys

from tick_parity_programs import PROGRAMS  # it puts helpers/python on sys.path
from concurrency_lab import record  # noqa: E402


def main(names):
    unknown = [n for n in names if n not in PROGRAMS]
    if unknown:
        sys.exit(f"No program named {', '.join(unknown)}; known: {', '.join(PROGRAMS)}")
    out, sys.stdout = sys.stdout, sys.stderr  # the programs' own prints stay out of the JSON
    try:
        recordings = {name: json.loads(record(PROGRAMS[name](), title=name).to_json()) for name in names}
    finally:
        sys.stdout = out
    json.dump(recordings, out, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:] or list(PROGRAMS))
