#pragma once

#include <cstddef>
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

}  // namespace bulletin
