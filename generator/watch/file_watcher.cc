#include "watch/file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_system.h"

namespace bulletin {

namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                           IN_MOVED_TO | IN_DELETE_SELF | IN_ATTRIB | IN_ONLYDIR;

// A burst from one save should never hold a rebuild back for long.
constexpr int kMaxCollectFactor = 8;

}  // namespace

FileWatcher::FileWatcher() = default;

FileWatcher::~FileWatcher() {
  if (inotify_ >= 0) ::close(inotify_);
  if (wake_ >= 0) ::close(wake_);
}

bool FileWatcher::Start(const std::vector<std::string>& roots, std::string* err) {
  inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_ < 0 || wake_ < 0) {
    *err = std::string("cannot watch files: ") + std::strerror(errno);
    return false;
  }
  roots_ = roots;
  for (const std::string& root : roots) AddTree(root, nullptr);
  return true;
}

void FileWatcher::AddTree(const std::string& dir, std::vector<std::string>* found) {
  int wd = ::inotify_add_watch(inotify_, dir.c_str(), kMask);
  if (wd < 0) return;  // gone already, or not a folder
  dirs_[wd] = dir;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string path = JoinPath(dir, it->path().filename().string());
    if (it->is_directory(ec)) {
      AddTree(path, found);
    } else if (found) {
      found->push_back(path);  // written before the watch existed
    }
  }
}

bool FileWatcher::Drain(std::vector<std::string>* changed) {
  alignas(inotify_event) char buffer[16 * 1024];
  bool any = false;
  for (;;) {
    ssize_t n = ::read(inotify_, buffer, sizeof buffer);
    if (n <= 0) return any;
    any = true;
    for (char* p = buffer; p < buffer + n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      if (event->mask & IN_Q_OVERFLOW) {
        changed->insert(changed->end(), roots_.begin(), roots_.end());
        continue;
      }
      auto dir = dirs_.find(event->wd);
      if (dir == dirs_.end()) continue;
      if (event->mask & IN_IGNORED) {
        dirs_.erase(dir);
        continue;
      }
      if (event->len == 0) continue;  // about the folder itself
      std::string path = JoinPath(dir->second, event->name);
      changed->push_back(path);
      if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) {
        AddTree(path, changed);
      }
    }
  }
}

std::vector<std::string> FileWatcher::Wait(std::chrono::milliseconds quiet) {
  std::vector<std::string> changed;
  pollfd fds[2] = {{inotify_, POLLIN, 0}, {wake_, POLLIN, 0}};
  while (changed.empty()) {
    int timeout = -1;  // until the first change
    for (int rounds = 0; rounds < kMaxCollectFactor;) {
      int ready = ::poll(fds, 2, timeout);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0 || fds[1].revents) return {};
      if (ready == 0) break;  // quiet for long enough
      if (Drain(&changed)) {
        timeout = static_cast<int>(quiet.count());
        ++rounds;
      }
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

void FileWatcher::Stop() {
  uint64_t one = 1;
  if (wake_ < 0) return;
  [[maybe_unused]] ssize_t n = ::write(wake_, &one, sizeof one);
}

}  // namespace bulletin
