#!/usr/bin/env bash
# Re-fetches the GraphiQL playground assets from the npm registry into web/static/graphiql/.
# The files are committed so that a deployment on an intranet needs no network at run time;
# run this only to upgrade (edit the pins below), then commit the result with VERSIONS.md.
# Each tarball is checked against the registry's sha512 integrity before anything is copied.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=web/static/graphiql

# name@version  tarball-integrity (npm's "dist.integrity"), pinned so a re-fetch is reproducible.
PINS=(
  "react@18.2.0 sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ=="
  "react-dom@18.2.0 sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g=="
  "graphiql@3.8.3 sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw=="
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for pin in "${PINS[@]}"; do
  spec=${pin%% *}
  want=${pin#* }
  name=${spec%@*}
  version=${spec##*@}
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  tgz="$work/$name-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "vendor-graphiql: integrity mismatch for $spec: got $got" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar xzf "$tgz" -C "$work/$name"
done

mkdir -p "$DEST"
cp "$work/react/package/umd/react.production.min.js" "$DEST/react.production.min.js"
cp "$work/react/package/LICENSE" "$DEST/LICENSE.react"
cp "$work/react-dom/package/umd/react-dom.production.min.js" "$DEST/react-dom.production.min.js"
cp "$work/react-dom/package/LICENSE" "$DEST/LICENSE.react-dom"
cp "$work/graphiql/package/graphiql.min.js" "$DEST/graphiql.min.js"
cp "$work/graphiql/package/graphiql.min.css" "$DEST/graphiql.min.css"
cp "$work/graphiql/package/LICENSE" "$DEST/LICENSE.graphiql"

echo "vendor-graphiql: copied into $DEST; per-file SRI hashes for VERSIONS.md:"
for f in react.production.min.js react-dom.production.min.js graphiql.min.js graphiql.min.css; do
  echo "  $f sha384-$(openssl dgst -sha384 -binary "$DEST/$f" | base64 -w0)"
done
