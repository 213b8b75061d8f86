#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace bulletin {

/// How many threads a build stage uses for `items` pieces of work: one per core, but
/// not so many that starting them costs more than the work (at least `per_thread` each).
inline size_t WorkerCount(size_t items, size_t per_thread = 32) {
  size_t cores = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16);
  return std::max<size_t>(1, std::min(cores, items / per_thread));
}

/// Calls fn(i, worker) for every i in [0, count) on `workers` threads (the caller's
/// among them), each taking the next index as it finishes one, so uneven items balance.
/// `worker` (0..workers-1) lets fn use per-thread state without locks.
template <typename Fn>
void ParallelFor(size_t count, size_t workers, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto run = [&](size_t worker) {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < count;) fn(i, worker);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (std::thread& t : pool) t.join();
}

}  // namespace bulletin
