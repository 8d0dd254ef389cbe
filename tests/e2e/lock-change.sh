#!/usr/bin/env bash
# One locked version changes (issue 14), end to end, run by .ci/run after the registry-cache step: the CUDA 11.8 Debian 12
# chain is published to localhost:5000/cuda and current there, and artifacts/report/report.json is the report of that
# release. In images/locks/debian12.lock the devel image's libbrotli1 (a library devel installs and neither base nor
# runtime does, with two versions in bookworm today: bookworm's and bookworm-security's) is set to the other version.
# BuildImages ... Publish ReleaseNotes then rebuilds and republishes devel and its child pycuda only, apt installs exactly
# the locked version, base and runtime keep their digests, and the release notes list the change. The lock, the registry's
# tags and the local images are put back.
# Needs SIGNING_KEY and SIGNING_KEY_PASSWORD in the environment (as the end-to-end step), jq, curl and debian:12 in the
# engine (BuildImages bootstraps it). Exits 1 naming the first expectation that failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

registry=localhost:5000/cuda
lock=images/locks/debian12.lock
package=libbrotli1
section=11.8.0-devel-debian12
unchanged=(11.8.0-base-debian12 11.8.0-runtime-debian12)
rebuilt=(11.8.0-devel-debian12 11.8.0-pycuda-debian12)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$lock" "$work/lock"

fail() { echo "lock change end to end: $*" >&2; exit 1; }

manifest_types='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
digest_of() {
    curl -fsSI -H "Accept: $manifest_types" "http://127.0.0.1:5000/v2/cuda/manifests/$1" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }'
}

status_of() { jq -r --arg tag "$1" '.images[] | select(.tag == $tag) | .status' artifacts/build.json; }

[ -s artifacts/report/report.json ] || fail "artifacts/report/report.json is missing; run the end-to-end step first"
cp artifacts/report/report.json "$work/previous-report.json"
for tag in "${unchanged[@]}" "${rebuilt[@]}"; do
    d=$(digest_of "$tag"); [ -n "$d" ] || fail "$registry:$tag is not published; run the end-to-end step first"
    printf '%s %s\n' "$tag" "$d" >> "$work/before"
done
before_of() { awk -v t="$1" '$1 == t { print $2 }' "$work/before" 2>/dev/null; }

# Puts back what this step changes, whether it passes or not: the lock, every tag in the registry (the chain's and its
# aliases) and the local images of the rebuilt tags, so that what follows (and a kept CI machine's next run, whose
# registry drops what no tag names) finds the chain the end-to-end step published.
put_manifest() { # tag digest
    curl -fsS -D "$work/headers" -o "$work/manifest" -H "Accept: $manifest_types" "http://127.0.0.1:5000/v2/cuda/manifests/$2"
    type=$(tr -d '\r' < "$work/headers" | awk 'tolower($1) == "content-type:" { print $2 }')
    curl -fsS -X PUT -H "Content-Type: $type" --data-binary @"$work/manifest" "http://127.0.0.1:5000/v2/cuda/manifests/$1" >/dev/null
}
put_back() {
    set +e
    cp "$work/lock" "$lock"
    [ -f "$work/all-tags" ] && while read -r tag digest; do
        [ "$(digest_of "$tag")" = "$digest" ] || put_manifest "$tag" "$digest" || echo "lock change end to end: could not put $registry:$tag back at $digest" >&2
    done < "$work/all-tags"
    [ -f "$work/local" ] && while read -r tag id; do docker tag "$id" "cuda:$tag"; done < "$work/local"
    rm -rf "$work"
}
trap put_back EXIT
curl -fsS http://127.0.0.1:5000/v2/cuda/tags/list | jq -r '.tags[] | select(startswith("sha256-") | not)' | while read -r tag; do
    printf '%s %s\n' "$tag" "$(digest_of "$tag")"
done > "$work/all-tags"
# After the registry-cache step the chain is usually not in the engine: then there is nothing local to put back.
for tag in "${rebuilt[@]}"; do
    if id=$(docker image inspect -f '{{.Id}}' "cuda:$tag" 2>/dev/null); then printf '%s %s\n' "$tag" "$id" >> "$work/local"; fi
done

locked=$(awk -v s="[$section]" -v p="$package" '$0 == s { inside = 1; next } /^\[/ { inside = 0 } inside && $1 == p { print $2 }' "$lock")
[ -n "$locked" ] || fail "$lock locks no $package for [$section]"
# What the archive has besides the locked version, as apt in the chain's own base sees it.
other=$(docker run --rm --network host debian:12 sh -c "apt-get update -qq >/dev/null && apt-cache madison $package" \
    | awk -F'|' -v v="$locked" '{ gsub(/ /, "", $2) } $2 != v { split($3, where, " "); split(where[2], suite, "/"); print $2, suite[1]; exit }')
[ -n "$other" ] || fail "the archive has no version of $package but $locked today: pick another package devel installs that has two"
read -r version suite <<< "$other"
echo "[$section] $package: $locked -> $version ($suite)"
awk -v s="[$section]" -v p="$package" -v line="$package $version $suite" \
    '$0 == s { inside = 1 } /^\[/ && $0 != s { inside = 0 } inside && $1 == p { print line; next } { print }' "$work/lock" > "$lock"
[ "$(diff "$work/lock" "$lock" | grep -c '^[<>]')" = 2 ] || fail "changing one line of $lock changed another"

# Signed, without --attest: the SBOMs are the end-to-end step's concern, and writing devel's again costs CI two minutes.
# Measured: the report's package sets, which the release notes compare, are read from the images by MeasureSizes.
./build.sh BuildImages SmokeTest MeasureSizes Publish Report ReleaseNotes --cuda 11.8 --distro debian12 \
    --registry "$registry" --previous-report "$work/previous-report.json"

for tag in "${unchanged[@]}"; do
    [ "$(status_of "$tag")" = CurrentInRegistry ] || fail "$tag was $(status_of "$tag"), though it does not install $package"
    [ "$(digest_of "$tag")" = "$(before_of "$tag")" ] || fail "the digest of $tag changed, though it does not install $package"
done
for tag in "${rebuilt[@]}"; do
    [ "$(status_of "$tag")" = Built ] || fail "$tag was $(status_of "$tag"), not Built, though it (or its parent) installs $package"
    after=$(digest_of "$tag")
    [ -n "$after" ] && [ "$after" != "$(before_of "$tag")" ] || fail "$registry:$tag was not republished"
done
installed=$(docker run --rm --entrypoint dpkg-query "cuda:$section" -W -f '${Version}' "$package")
[ "$installed" = "$version" ] || fail "cuda:$section has $package $installed, not the locked $version"
grep -F "$package" artifacts/release-notes.md | grep -F "$locked" | grep -qF "$version" \
    || fail "artifacts/release-notes.md does not list $package $locked -> $version"
grep -F "$package" artifacts/release-notes.md
echo "   2 current (digests unchanged), 2 rebuilt and republished, $package $version installed as locked, in the release notes"
