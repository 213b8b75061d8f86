#pragma once

#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>

#include "server/live_reload.h"
#include "sitegen/site_builder.h"

namespace bulletin {

struct WatchOptions {
  BuildOptions build;  ///< content_dir and templates_dir are watched; out_dir is rebuilt
  /// A change is built once no other has followed for this long: an editor's save is
  /// often several events (a temporary file, a rename, a change of mode).
  /// The events of one save come within a millisecond or two of each other.
  std::chrono::milliseconds quiet{10};
  /// Reckon review dates from the day of each update, not of the start (false: keep
  /// build.today, for tests).
  bool today_follows_clock = true;
};

/// `bulletin serve --watch`: builds the site, then watches content/ and templates/ and
/// updates the site incrementally (IncrementalBuild) after each change, telling open pages
/// through a LiveReload: reload on success; on failure the errors, while the last good site
/// stays on disk and keeps being served.
class Watch {
 public:
  Watch(const FileSystem& fs, WatchOptions options, std::ostream& log);
  ~Watch();  ///< Stops watching.
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  /// Builds the site, reporting to the log, and starts watching in a thread. A failed
  /// build is not fatal (its errors show in the pages) unless there is no site to serve.
  /// Returns false and sets *err if watching cannot start or there is no site.
  bool Start(std::string* err);
  /// What the server adds to its router.
  LiveReload& live() { return live_; }
  /// Stops the thread. Safe to call twice.
  void Stop();

 private:
  bool BuildAndTell(const std::vector<std::string>& changed);
  void Loop();

  struct Impl;
  std::unique_ptr<Impl> impl_;
  LiveReload live_;
};

}  // namespace bulletin
