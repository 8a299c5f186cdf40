#!/usr/bin/env bash
# Builds what run.sh carries to the GPU machine: a self-contained, untrimmed linux-x64 publish of gpubench (the GPU
# machine has no .NET; trimming breaks ILGPU), packed as Benchmarks/gpu/gpu.tgz (git-ignored; must stay under 64 MiB).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$here/out"
dotnet publish "$here/GpuBench.csproj" -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=false -o "$here/out/gpu"
tar czf "$here/gpu.tgz" -C "$here/out" gpu
rm -rf "$here/out"
ls -l "$here/gpu.tgz"
