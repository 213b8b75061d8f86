#!/usr/bin/env bash
# Fails if clang-format (the repository's .clang-format) would change any C++ file that git
# tracks. Fix with: clang-format -i $(git ls-files '*.cc' '*.h')
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v clang-format >/dev/null; then
  echo "check_format: clang-format is missing; run scripts/setup (Debian package clang-format)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cc' '*.h')
if ((${#files[@]} == 0)); then
  echo "check_format: git lists no C++ files here; run it inside the repository" >&2
  exit 1
fi
if ! clang-format --dry-run -Werror "${files[@]}"; then
  echo "check_format: the files above are not formatted;" \
    "run: clang-format -i \$(git ls-files '*.cc' '*.h')" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files formatted as .clang-format says"
