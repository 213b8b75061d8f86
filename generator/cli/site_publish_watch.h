#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace bulletin {

/// Notices when a build publishes a new site under a running `bulletin serve`: the build
/// swaps the whole folder in with one rename (sitegen/output_tree.h), so the folder at
/// `site_dir` becomes another inode. Checks every `interval_ms` (default 200: a publish is
/// noticed well within a second) and calls `on_publish` on its own thread after each
/// change. Stops (and joins) on destruction.
class SitePublishWatch {
 public:
  SitePublishWatch(std::string site_dir, std::function<void()> on_publish, int interval_ms = 200);
  ~SitePublishWatch();
  SitePublishWatch(const SitePublishWatch&) = delete;
  SitePublishWatch& operator=(const SitePublishWatch&) = delete;

 private:
  void Run();

  std::string site_dir_;
  std::function<void()> on_publish_;
  int interval_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace bulletin
