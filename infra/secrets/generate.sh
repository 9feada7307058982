#!/usr/bin/env bash
# Writes every *.yaml.example of this folder as *.yaml with each
# GENERATE:<name> placeholder replaced by a random value (the same name gets
# the same value within a file). A *.yaml that exists already is kept, so
# running this again never changes a password a running service uses.
set -euo pipefail
cd "$(dirname "$0")"
for template in *.yaml.example; do
  target=${template%.example}
  if [ -e "$target" ]; then
    echo "kept      infra/secrets/$target"
    continue
  fi
  content=$(cat "$template")
  for placeholder in $(grep -o 'GENERATE:[a-z0-9-]*' "$template" | sort -u); do
    value=$(openssl rand -hex 20)
    content=$(printf '%s\n' "$content" | sed -E "s/${placeholder}([^a-z0-9-]|\$)/${value}\1/g")
  done
  (umask 077 && printf '%s\n' "$content" >"$target")
  echo "generated infra/secrets/$target"
done
