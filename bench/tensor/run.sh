#!/usr/bin/env bash
# Builds ExerciseKit as its own module with `swiftc -O` (as student code links against it),
# builds bench/tensor/main.swift against it, and prints the median of 7 runs of each benchmark.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swiftc -O -parse-as-library -module-name ExerciseKit -emit-module -emit-module-path "$work/ExerciseKit.swiftmodule" \
    -emit-library -static -o "$work/libExerciseKit.a" "$root"/Sources/ExerciseKit/*.swift
swiftc -O -I "$work" -L "$work" -lExerciseKit "$here/main.swift" -o "$work/bench-tensor"
"$work/bench-tensor"
