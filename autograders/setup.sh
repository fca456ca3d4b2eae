#!/usr/bin/env bash
# backprop-grader: installs what the grader needs and builds it, once, when the platform builds its image.
#
# Gradescope runs setup.sh once, when it builds the autograder's image (Ubuntu 22.04 by default), from
# /autograder/source where the uploaded zip is extracted (autograder_samples docs/specs.md, docs/tech.md);
# the PrairieLearn Dockerfile of `grader export prairielearn` runs it too. It
#   1. installs the Swift toolchain, unless one is present (then nothing is downloaded),
#   2. builds the grader in release mode,
#   3. builds ExerciseKit for plugins and compiles each exercise's reference (`grader prepare`), so that
#      grading a submission pays only for compiling the submission.
set -euo pipefail

# The Swift toolchain to install: its download URL, which names its version (swift.org's layout, as in
# swiftlang/swift-docker's ubuntu/22.04 Dockerfile), and the key its signature is checked with.
SWIFT_TOOLCHAIN_URL="${SWIFT_TOOLCHAIN_URL:-https://download.swift.org/swift-6.3.1-release/ubuntu2204/swift-6.3.1-RELEASE/swift-6.3.1-RELEASE-ubuntu22.04.tar.gz}"
SWIFT_SIGNING_KEY="${SWIFT_SIGNING_KEY:-52BB7E3DE28A71BE22EC05FFEF80A866B47A981F}"
SWIFT_PREFIX="${SWIFT_PREFIX:-/opt/swift}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG="${GRADER_PACKAGE:-$HERE/backprop-grader}"

has_swift() { command -v swift >/dev/null 2>&1 && swift --version >/dev/null 2>&1; }

if [ -x "$SWIFT_PREFIX/usr/bin/swift" ]; then export PATH="$SWIFT_PREFIX/usr/bin:$PATH"; fi
if has_swift; then
    echo "setup.sh: a Swift toolchain is present ($(swift --version 2>&1 | head -n 1)); not downloading one"
else
    echo "setup.sh: installing the Swift toolchain from $SWIFT_TOOLCHAIN_URL"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # What swift.org's Ubuntu 22.04 image installs next to the toolchain, and curl to fetch it.
    apt-get install -y -q --no-install-recommends ca-certificates curl gnupg2 binutils git unzip libc6-dev \
        libcurl4-openssl-dev libedit2 libgcc-11-dev libpython3-dev libsqlite3-0 libstdc++-11-dev libxml2-dev \
        libz3-dev pkg-config tzdata zlib1g-dev
    download="$(mktemp -d)"
    curl -fsSL "$SWIFT_TOOLCHAIN_URL" -o "$download/swift.tar.gz"
    if [ "${SWIFT_VERIFY:-1}" != 0 ]; then
        curl -fsSL "$SWIFT_TOOLCHAIN_URL.sig" -o "$download/swift.tar.gz.sig"
        export GNUPGHOME="$download/gnupg"
        mkdir -m 700 "$GNUPGHOME"
        gpg --batch --quiet --keyserver keyserver.ubuntu.com --recv-keys "$SWIFT_SIGNING_KEY"
        gpg --batch --verify "$download/swift.tar.gz.sig" "$download/swift.tar.gz"
        unset GNUPGHOME
    fi
    mkdir -p "$SWIFT_PREFIX"
    tar -xzf "$download/swift.tar.gz" -C "$SWIFT_PREFIX" --strip-components=1
    chmod -R o+rX "$SWIFT_PREFIX"
    rm -rf "$download"
    export PATH="$SWIFT_PREFIX/usr/bin:$PATH"
    swift --version
fi

echo "setup.sh: building the grader (release) in $PKG"
(cd "$PKG" && swift build -c release --product grader && swift build -c release --product grader-worker)

export GRADER_HOME="$PKG"
export GRADER_CACHE_DIR="${GRADER_CACHE_DIR:-$PKG/.build/grader-cache}"
# The sandbox runs student code under user ids of its own, which must read the grader, its kit and its
# cache (README, "The sandbox"): everything here is made readable by all.
chmod -R a+rX "$PKG"
"$PKG/.build/release/grader" prepare --config "$PKG/grader.json"
chmod -R a+rX "$GRADER_CACHE_DIR"
echo "setup.sh: done"
