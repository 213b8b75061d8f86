#include "cli/site_publish_watch.h"

#include <sys/stat.h>

#include <chrono>
#include <tuple>

namespace bulletin {

namespace {

// What changes when the folder is swapped: its inode, or (a first build into an empty
// place, a copy by hand) its change time.
std::tuple<dev_t, ino_t, int64_t, int64_t> Identity(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return {0, 0, 0, 0};
  return {st.st_dev, st.st_ino, st.st_ctim.tv_sec, st.st_ctim.tv_nsec};
}

}  // namespace

SitePublishWatch::SitePublishWatch(std::string site_dir, std::function<void()> on_publish,
                                   int interval_ms)
    : site_dir_(std::move(site_dir)),
      on_publish_(std::move(on_publish)),
      interval_ms_(interval_ms) {
  thread_ = std::thread([this] { Run(); });
}

SitePublishWatch::~SitePublishWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void SitePublishWatch::Run() {
  auto seen = Identity(site_dir_);
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stop_; })) {
    auto now = Identity(site_dir_);
    if (now == seen || std::get<1>(now) == 0) continue;
    seen = now;
    lock.unlock();
    on_publish_();
    lock.lock();
  }
}

}  // namespace bulletin
