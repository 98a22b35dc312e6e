#!/usr/bin/env bash
# Builds pgvector from Debian's trixie source package for the local PostgreSQL server when it is missing.
# Idempotent: does nothing when the extension's control file is already installed.
set -euo pipefail

pg_major=$(ls /etc/postgresql | sort -n | tail -n 1)
if [ -f "/usr/share/postgresql/$pg_major/extension/vector.control" ]; then
  echo "pgvector already installed for PostgreSQL $pg_major"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
mirror=$(grep -hoE 'https?://[^ ]+/debian/?$' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
list=/etc/apt/sources.list.d/pgvector-trixie-src.list
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" > "$list"

apt-get update -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts="-" -o APT::Get::List-Cleanup="0" -qq
if ! command -v make >/dev/null || ! dpkg -s "postgresql-server-dev-$pg_major" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq build-essential "postgresql-server-dev-$pg_major" dpkg-dev >/dev/null
fi
command -v dpkg-source >/dev/null || apt-get install -y -qq dpkg-dev >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get source --download-only -qq \
  -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts="-" pgvector
tar -xf pgvector_*.orig.tar.*
cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
pg_config_bin="/usr/lib/postgresql/$pg_major/bin/pg_config"
make -s PG_CONFIG="$pg_config_bin" OPTFLAGS="" >/dev/null
make -s PG_CONFIG="$pg_config_bin" install >/dev/null
echo "pgvector built and installed for PostgreSQL $pg_major"
