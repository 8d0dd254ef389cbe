#!/usr/bin/env bash
# The registry as the cache, end to end (issue 14), run by .ci/run after its end-to-end step has built, published and
# reported the CUDA 11.8 Debian 12 chain to localhost:5000/cuda (and after the two-platform step, which publishes to
# localhost:5000/multiarch/cuda and leaves this chain's tags alone): the chain's images leave the engine, and
# BuildImages Publish again builds nothing, pushes nothing and changes no digest. It runs as a fresh CI runner does: no
# image in the engine and no artifacts/ (the SBOMs, signature and provenance are read from the registry, not from files).
# (The second half of the check, one locked version changed, is tests/e2e/lock-change.sh.)
# Needs SIGNING_KEY and SIGNING_KEY_PASSWORD in the environment (as the end-to-end step), jq and curl. Exits 1 naming
# the first expectation that failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

registry=localhost:5000/cuda
chain=(11.8.0-pycuda-debian12 11.8.0-devel-debian12 11.8.0-runtime-debian12 11.8.0-base-debian12)
work=$(mktemp -d)
# A fresh runner has no artifacts/: the end-to-end step's are set aside and put back afterwards.
if [ -d artifacts ]; then mv artifacts "$work/artifacts"; fi
trap 'rm -rf artifacts; if [ -d "$work/artifacts" ]; then mv "$work/artifacts" artifacts; fi; rm -rf "$work"' EXIT

fail() { echo "registry cache end to end: $*" >&2; exit 1; }

digest_of() {
    curl -fsSI -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
        "http://127.0.0.1:5000/v2/cuda/manifests/$1" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }'
}

status_of() { jq -r --arg tag "$1" '.images[] | select(.tag == $tag) | .status' artifacts/build.json; }

for tag in "${chain[@]}"; do
    d=$(digest_of "$tag"); [ -n "$d" ] || fail "$registry:$tag is not published; run the end-to-end step first"
    printf '%s %s\n' "$tag" "$d" >> "$work/before"
done

echo "empty engine, no artifacts, everything published, signed with this key and current"
for tag in "${chain[@]}"; do
    if docker image inspect "cuda:$tag" >/dev/null 2>&1; then docker rmi "cuda:$tag" >/dev/null; fi
done
./build.sh BuildImages Publish --cuda 11.8 --distro debian12 --attest --registry "$registry"
for tag in "${chain[@]}"; do
    [ "$(status_of "$tag")" = CurrentInRegistry ] || fail "$tag was $(status_of "$tag"), not CurrentInRegistry, on an empty engine"
    [ "$(jq -r --arg tag "$tag" '.images[] | select(.tag == $tag) | .currentInRegistry' artifacts/publish.json)" = true ] \
        || fail "Publish pushed $tag again, though it was current in the registry"
    [ "$(digest_of "$tag")" = "$(awk -v t="$tag" '$1 == t { print $2 }' "$work/before")" ] || fail "the digest of $tag changed"
    [ "$(jq -r --arg tag "$tag" '.images[] | select(.tag == $tag) | .attachments.signature.keyFingerprint // empty' artifacts/publish.json)" != "" ] \
        || fail "publish.json does not record the key that signs $tag"
done
[ ! -e artifacts/sbom/11.8.0-base-debian12.spdx.json ] || fail "an SBOM was written for an image that was not pulled"
echo "   0 built, 0 pulled, 0 pushed, 4 digests unchanged, attachments found in place"

