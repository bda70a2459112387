#!/usr/bin/env bash
# The one release build of so-gateway: what the Dockerfile ships and what the benchmarks and the soak measure.
# Prints the path of the built binary on stdout (build output goes to stderr).
#
#   scripts/release-build.sh [SCRATCH_PATH]      # default .build
#   PACKAGE_PATH=Benchmarks PRODUCT=ceiling-proxy scripts/release-build.sh /abs/scratch   # another product, same flags
#
# Flags, and why:
#   --static-swift-stdlib            the Swift runtime linked in: the runtime image has no Swift, and calls into the
#                                    runtime (retain/release, thread-locals) skip the PLT and dynamic TLS lookups.
#   -cross-module-optimization       lets every module (NIO included) expose its bodies for specialisation and
#                                    inlining into the gateway; 20 % more pass-through throughput on the bench
#                                    machine (docs/benchmarks.md, "Build flags").
set -euo pipefail
scratch=${1:-.build}
product=${PRODUCT:-so-gateway}
flags=(-c release --static-swift-stdlib -Xswiftc -cross-module-optimization --package-path "${PACKAGE_PATH:-.}" --scratch-path "$scratch")
swift build "${flags[@]}" --product "$product" >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/$product"
