# Helpers shared by scripts/demo and scripts/test; sourced, not run.

# Parallel build jobs: one per core, at most 8, and fewer when memory is short
# (a translation unit that includes Boost.Beast wants about 1 GiB).
build_jobs() {
  local cores mem_gib jobs
  cores="$(nproc 2>/dev/null || echo 2)"
  mem_gib="$(awk '/^MemAvailable:/ {print int($2 / 1048576)}' /proc/meminfo 2>/dev/null || echo 2)"
  jobs="$cores"
  ((jobs > 8)) && jobs=8
  ((mem_gib >= 1 && jobs > mem_gib)) && jobs="$mem_gib"
  ((jobs < 1)) && jobs=1
  echo "$jobs"
}
