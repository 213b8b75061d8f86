#pragma once

#include <time.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string_view>

namespace bulletin {

/// Told how far a long stage of the build has got: ("rendering", 4210, 10000). Never
/// called from two threads at once, and `done` only grows within a stage.
using ProgressFn = std::function<void(std::string_view stage, size_t done, size_t total)>;

/// Counts finished items of one stage from any number of threads and passes each count
/// to the ProgressFn in order.
class ProgressCounter {
 public:
  ProgressCounter(std::string_view stage, size_t total, const ProgressFn& fn)
      : stage_(stage), total_(total), fn_(fn) {}
  void Tick() {
    if (!fn_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    fn_(stage_, ++done_, total_);
  }

 private:
  std::string_view stage_;
  size_t total_;
  const ProgressFn& fn_;
  std::mutex mutex_;
  size_t done_ = 0;
};

// With BULLETIN_TIMINGS set, prints how long each stage of the build took (for
// bench/build and for finding what to make faster): wall time and CPU time, the whole
// process's, or one thread's for a stage that runs beside others.
class StageTimer {
 public:
  explicit StageTimer(clockid_t clock = CLOCK_PROCESS_CPUTIME_ID)
      : on_(std::getenv("BULLETIN_TIMINGS") != nullptr),
        clock_(clock),
        wall_(Clock::now()),
        cpu_(Cpu()) {}
  void Done(const char* stage) {
    if (!on_) return;
    Clock::time_point now = Clock::now();
    double cpu = Cpu();
    std::fprintf(stderr, "  %-16s %8.1f ms wall %8.1f ms cpu %6ld MB peak\n", stage,
                 std::chrono::duration<double, std::milli>(now - wall_).count(), cpu - cpu_,
                 PeakMegabytes());
    wall_ = now;
    cpu_ = cpu;
  }
  /// Starts the next stage now (after a stage that timed itself).
  void Restart() {
    wall_ = Clock::now();
    cpu_ = Cpu();
  }

 private:
  using Clock = std::chrono::steady_clock;
  // The process's peak resident memory so far (VmHWM), or -1 if unknown.
  static long PeakMegabytes() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    while (std::fgets(line, sizeof line, f)) {
      if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    }
    std::fclose(f);
    return kb < 0 ? -1 : kb / 1024;
  }
  double Cpu() const {
    timespec ts{};
    ::clock_gettime(clock_, &ts);
    return 1000.0 * static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e6;
  }

  bool on_;
  clockid_t clock_;
  Clock::time_point wall_;
  double cpu_;
};

}  // namespace bulletin
