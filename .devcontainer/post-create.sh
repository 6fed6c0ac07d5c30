#!/usr/bin/env bash
# Runs once when the Codespace (or a local dev container) is created.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "Restoring the pinned .NET Interactive kernel (.config/dotnet-tools.json)..."
dotnet tool restore

echo "Registering its Jupyter kernels (.NET (C#), (F#), (PowerShell)) for Jupyter front ends..."
mkdir -p "$HOME/.local/share/jupyter/kernels"
dotnet tool run dotnet-interactive -- jupyter install --path "$HOME/.local/share/jupyter/kernels"

echo "Building the helpers the notebooks load (helpers/bin/ConcurrencyLab.dll and ConcurrencyLab.Notebook.dll)..."
dotnet build helpers/ConcurrencyLab.Notebook --nologo -v quiet

echo "Installing Python 3 with ipykernel for the notebooks' live Python cells..."
if ! python3 -c "import ipykernel" 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-ipykernel \
    || echo "Could not install python3-ipykernel: the Python cells will say what to install; everything else works."
fi
# Register the kernel spec python3 where #!connect jupyter looks for it (~/.local/share/jupyter/kernels).
python3 -m ipykernel install --user --name python3 >/dev/null 2>&1 || true

echo "Warming the headless runner on the first lesson (artifacts/notebooks/00-start-here.html)..."
dotnet run --project tools/NotebookRunner -- notebooks/00-start-here.ipynb --out artifacts/notebooks \
  || echo "The warm-up run reported a problem; open notebooks/00-start-here.ipynb and run its first cell to see why."

echo "Ready: open notebooks/00-start-here.ipynb and run the first cell."
