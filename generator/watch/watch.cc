#include "watch/watch.h"

#include <filesystem>
#include <iomanip>
#include <mutex>
#include <ostream>
#include <thread>

#include "sitegen/incremental.h"
#include "watch/file_watcher.h"

namespace bulletin {

struct Watch::Impl {
  Impl(const FileSystem& fs, WatchOptions o, std::ostream& l)
      : options(std::move(o)), log(l), build(fs, options.build) {}

  WatchOptions options;
  std::ostream& log;
  IncrementalBuild build;
  FileWatcher watcher;
  std::thread thread;
  bool started = false;
  std::mutex log_mutex;  // the index's thread logs too
};

Watch::Watch(const FileSystem& fs, WatchOptions options, std::ostream& log)
    : impl_(std::make_unique<Impl>(fs, std::move(options), log)) {}

Watch::~Watch() { Stop(); }

bool Watch::Start(std::string* err) {
  Impl& w = *impl_;
  // Pages reload as soon as they are on disk; the search index follows on its own thread.
  w.build.OnSearchIndexWritten([this](bool ok, double ms) {
    std::lock_guard<std::mutex> lock(impl_->log_mutex);
    impl_->log << (ok ? "search index updated in " : "search index failed after ") << std::fixed
               << std::setprecision(1) << ms << " ms" << std::endl;
  });
  // Watch first, so nothing saved during the first build is missed.
  if (!w.watcher.Start({w.options.build.content_dir, w.options.build.templates_dir}, err)) {
    return false;
  }
  if (!BuildAndTell({}) && !std::filesystem::is_directory(w.options.build.out_dir)) {
    *err = "the site did not build, and there is no earlier one to serve; fix the errors above";
    return false;
  }
  w.thread = std::thread([this] { Loop(); });
  w.started = true;
  return true;
}

void Watch::Stop() {
  Impl& w = *impl_;
  if (!w.started) return;
  w.watcher.Stop();
  w.thread.join();
  w.started = false;
}

void Watch::Loop() {
  for (;;) {
    std::vector<std::string> changed = impl_->watcher.Wait(impl_->options.quiet);
    if (changed.empty()) return;  // stopped
    BuildAndTell(changed);
  }
}

bool Watch::BuildAndTell(const std::vector<std::string>& changed) {
  Impl& w = *impl_;
  auto started = std::chrono::steady_clock::now();
  Diagnostics diags;
  IncrementalStats stats;
  if (w.options.today_follows_clock) w.build.SetToday(Date::Today());
  bool ok =
      changed.empty() ? w.build.Rebuild(&diags, &stats) : w.build.Update(changed, &diags, &stats);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard<std::mutex> lock(w.log_mutex);
  if (!ok) {
    Diagnostics errors;
    for (const Diagnostic& d : diags.items()) {
      if (d.severity == Severity::kError) errors.Add(d);
    }
    w.log << errors.FormatAll() << "build failed: " << errors.error_count()
          << (errors.error_count() == 1 ? " error" : " errors") << "; still serving the last good "
          << w.options.build.out_dir << "/" << std::endl;
    live_.ShowErrors(errors);
    return false;
  }
  w.log << (changed.empty() ? "built " : "updated ") << w.options.build.out_dir << "/ in "
        << std::fixed << std::setprecision(1) << ms << " ms: " << stats.pages_rendered
        << " pages rendered, " << stats.files_written << " files written, " << stats.files_removed
        << " removed" << (stats.reloaded ? " (full reload)" : "") << ", " << diags.warning_count()
        << (diags.warning_count() == 1 ? " warning" : " warnings")
        << (changed.empty() ? "" : "; the search index follows") << std::endl;
  live_.Reload();
  return true;
}

}  // namespace bulletin
