#!/usr/bin/env bash
# The runner's timing report, side by side in one run:
#   1. the whole main job on notebooks/ (every lesson, one kernel process each, the next kernel started early);
#   2. the shipped dotnet-repl 0.3.259 running the same notebooks one by one (installed into a temporary tool
#      folder, as any .NET tool installs; nothing is left behind);
#   3. the runner's overhead per trivial cell: a notebook of 60 one-line cells, median milliseconds per cell as the
#      runner reports them, beside the same 60 submissions sent by a bare client (a few lines of Python writing the
#      envelopes and waiting for each completion). The difference is what the runner adds; the rest is the kernel
#      compiling each submission.
# Usage (from the repository root): bash benchmarks/runner/runner-vs-dotnet-repl.sh [notebook-folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${1:-notebooks}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

dotnet build helpers/ConcurrencyLab.Notebook -v q -nologo >/dev/null
dotnet build tools/NotebookRunner -c Release -v q -nologo >/dev/null
dotnet tool restore >/dev/null
runner=(dotnet tools/NotebookRunner/bin/Release/net10.0/NotebookRunner.dll)

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "== 1. the runner, main job on $folder/"
start=$(seconds)
"${runner[@]}" "$folder" --out "$work/runner" > "$work/runner.log" || echo "   (the runner reported failures; see the summary below)"
end=$(seconds)
runner_total=$(elapsed "$start" "$end")
grep -E "^  [✓✗] " "$work/runner.log" || true
echo "   total: ${runner_total} s"

echo "== 2. dotnet-repl 0.3.259, the same notebooks one by one"
if dotnet tool install dotnet-repl --version 0.3.259 --tool-path "$work/repl" >/dev/null 2>&1; then
  start=$(seconds)
  for notebook in "$folder"/*.ipynb; do
    one=$(seconds)
    # dotnet-repl resolves #r paths against its process's folder: start it in the notebook's folder, as editors do.
    dir=$(cd "$(dirname "$notebook")" && pwd)
    (cd "$dir" && "$work/repl/dotnet-repl" --run "$(basename "$notebook")" --exit-after-run --working-dir "$dir" \
      --output-format ipynb --output-path "$work/repl-$(basename "$notebook")" >/dev/null 2>&1) || echo "   ($(basename "$notebook") reported an error in dotnet-repl)"
    printf "   %-48s %7s s\n" "$(basename "$notebook")" "$(elapsed "$one" "$(seconds)")"
  done
  repl_total=$(elapsed "$start" "$(seconds)")
  echo "   total: ${repl_total} s"
  awk -v r="$runner_total" -v d="$repl_total" 'BEGIN { printf "== runner / dotnet-repl = %.2f (goal: at most 1)\n", r / d }'
else
  echo "   dotnet-repl 0.3.259 could not be installed here (no NuGet source serving it): column skipped."
fi

echo "== 3. overhead per trivial cell"
python3 - "$work/trivial.ipynb" <<'PY'
import json, sys
cells = [{"cell_type": "markdown", "metadata": {}, "source": "# trivial cells"}]
cells += [{"cell_type": "code", "execution_count": None, "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": f"var x{i} = {i};"} for i in range(60)]
json.dump({"cells": cells, "metadata": {"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}},
           "nbformat": 4, "nbformat_minor": 2}, open(sys.argv[1], "w"))
PY
"${runner[@]}" "$work/trivial.ipynb" --out "$work/trivial-out" > "$work/trivial.log"
# Skip the first 5 cells (the compiler warms up), take the median of the rest.
runner_cell=$(grep -E "^  cell +[0-9]+ +ok" "$work/trivial.log" | awk '{ print $4 }' | tail -n +6 | sort -n \
  | awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
bare_cell=$(python3 - <<'PY'
import json, os, subprocess, threading, time
env = dict(os.environ, DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT="1")
kernel = subprocess.Popen(["dotnet", "tool", "run", "dotnet-interactive", "--", "stdio", "--default-kernel", "csharp"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1, env=env)
done, ready = {}, threading.Event()
def read():
    for line in kernel.stdout:
        try: event = json.loads(line)
        except ValueError: continue
        if event.get("eventType") == "KernelReady": ready.set()
        if event.get("eventType") in ("CommandSucceeded", "CommandFailed"): done[(event.get("command") or {}).get("token")] = time.perf_counter()
threading.Thread(target=read, daemon=True).start()
ready.wait(120)
times = []
for i in range(60):
    token, start = f"t{i}", time.perf_counter()
    kernel.stdin.write(json.dumps({"commandType": "SubmitCode", "token": token,
                                   "command": {"code": f"var x{i} = {i};", "targetKernelName": "csharp"}}) + "\n")
    kernel.stdin.flush()
    while token not in done: time.sleep(0.0002)
    times.append((done[token] - start) * 1000)
times = sorted(times[5:])
print(f"{times[len(times) // 2]:.1f}")
subprocess.run(["pkill", "-9", "-P", str(kernel.pid)]); kernel.kill()
PY
)
echo "   runner: median ${runner_cell} ms per trivial cell; bare client: ${bare_cell} ms"
awk -v r="$runner_cell" -v b="$bare_cell" 'BEGIN { printf "   the runner adds %.1f ms per cell (goal: at most 20 ms)\n", r - b }'
