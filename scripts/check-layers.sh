#!/usr/bin/env bash
# Fails, naming file and line, when an #include crosses the layers the wrong
# way (docs/architecture.md): src/ never includes a plugin's header, src/sip
# includes nothing of ours outside src/sip, and src/core includes nothing of
# src/http, src/app, src/config, src/transport or src/db.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A plugin
for dir in plugins/*/; do
  dir=${dir%/}
  plugin[${dir#plugins/}]=1
done

failed=0
while IFS=: read -r file line text; do
  [[ $text =~ \"([^\"]+)\" ]] || continue
  path=${BASH_REMATCH[1]}
  top=${path%%/*}
  why=
  if [[ $path != */* ]]; then
    # A header beside the including file ("ascii.h"): of its own folder.
    [[ -e $(dirname "$file")/$path ]] && continue
    [[ $file == src/sip/* ]] && why="src/sip includes something of ours outside src/sip"
  elif [[ -n ${plugin[$top]:-} && ! -d src/$top ]]; then
    why="src/ includes a plugin header"
  elif [[ $file == src/sip/* && $top != sip ]]; then
    why="src/sip includes something of ours outside src/sip"
  elif [[ $file == src/core/* && $top =~ ^(http|app|config|transport|db)$ ]]; then
    why="src/core includes a header of src/$top"
  fi
  if [[ -n $why ]]; then
    echo "$file:$line: $why: $text" >&2
    failed=1
  fi
done < <(git ls-files -z 'src/*.cpp' 'src/*.h' |
  xargs -0 grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' || true)

if ((failed)); then
  echo "check-layers: includes cross the layers the wrong way (docs/architecture.md)" >&2
  exit 1
fi
