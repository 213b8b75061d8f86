#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/lrs_outbox.h"

namespace bulletin {

/// Where the Learning Record Store is and how to sign in to it.
struct LrsSettings {
  std::string endpoint;  ///< the LRS's xAPI base, "https://lrs.example.org/xapi/"
  std::string username;
  std::string password;
  long connect_timeout_seconds = 10;
  long timeout_seconds = 30;  ///< the whole request
};

/// The environment variables (and credentials-file keys) that hold the LRS login.
inline constexpr const char* kLrsUsernameVariable = "BULLETIN_LRS_USERNAME";
inline constexpr const char* kLrsPasswordVariable = "BULLETIN_LRS_PASSWORD";

/// Checks `endpoint` is an absolute https:// URL (http:// only to 127.0.0.1, ::1 or
/// localhost, for tests) without credentials, query or fragment, and ends it with '/'.
/// Returns false and sets *err to a message saying how to fix it.
bool NormaliseLrsEndpoint(std::string* endpoint, std::string* err);

/// Fills settings->username and password from `credentials_file` when it is not empty
/// (lines `BULLETIN_LRS_USERNAME=...` and `BULLETIN_LRS_PASSWORD=...`, the format of a
/// systemd EnvironmentFile; blank lines and # comments allowed), otherwise from the
/// environment variables of those names. Refuses a file inside `content_dir` (content is
/// published and kept in version control). Returns false and sets *err when either is
/// missing or the file cannot be read.
bool LoadLrsCredentials(const std::string& credentials_file, const std::string& content_dir,
                        LrsSettings* settings, std::string* err);

/// Seconds to wait after the `tries`-th failure in a row: base * 2^(tries-1), capped at
/// `cap`, then scaled into [half, all] of that by `jitter` (0..1) so many servers' retries
/// spread out.
int64_t LrsBackoffSeconds(int tries, int64_t base, int64_t cap, double jitter);

struct LrsForwarderOptions {
  int64_t base_delay_seconds = 30;
  int64_t max_delay_seconds = 3600;
  /// How often to look for new rows when idle (rows are added by the quiz writer).
  std::chrono::milliseconds poll_interval{2000};
  int batch = 50;
  /// Unix seconds now; tests replace it.
  std::function<int64_t()> now;
  /// Where the one-line state changes go (the LRS became unreachable, recovered, ...).
  std::function<void(const std::string&)> log;
};

/// Sends the rows of lrs_outbox to the LRS from its own thread: each statement by
/// `PUT <endpoint>statements?statementId=<id>`, which the LRS treats as idempotent, so a
/// retry after a lost reply never makes a duplicate. A 2xx (or 409: the LRS already holds
/// that id) marks the row sent; anything else counts a try, records the error and schedules
/// the row again with backoff. While the LRS fails the whole forwarder also backs off, so a
/// long outage costs one request per backoff period. Nothing is ever dropped: rows stay
/// due across restarts until the LRS takes them.
class LrsForwarder {
 public:
  /// Keeps `outbox`, which must outlive it.
  LrsForwarder(LrsOutbox* outbox, LrsSettings settings, LrsForwarderOptions options);
  ~LrsForwarder();  ///< Stop()s.
  LrsForwarder(const LrsForwarder&) = delete;
  LrsForwarder& operator=(const LrsForwarder&) = delete;

  /// Reads how the outbox stands (for the log) and starts the thread. Returns false and
  /// sets *err if the outbox cannot be read.
  bool Start(std::string* err);

  /// Looks for due rows now rather than at the next poll.
  void Wake();

  /// Aborts a request in flight (its row is left exactly as it was: still due), finishes
  /// the row update in progress, and joins the thread. Safe to call twice.
  void Stop();

 private:
  struct Outcome;
  void Loop();
  bool RunPass();
  Outcome Send(const OutboxRow& row);
  bool MarkFailed(const OutboxRow& row, const Outcome& outcome, int64_t now);
  void LogOutboxError(const std::string& err) const;
  int64_t Now() const;
  void Log(const std::string& line) const;
  double Jitter();

  LrsOutbox* outbox_;
  LrsSettings settings_;
  LrsForwarderOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::atomic<bool> abort_{false};  ///< set by Stop(), read by curl's progress callback
  int failures_in_a_row_ = 0;       ///< sets the pause before the next pass
  bool down_ = false;               ///< the LRS was failing: logged once, until it recovers
  int64_t paused_until_ = 0;
  uint64_t random_state_;
};

struct SiteConfig;
struct StoreOptions;

/// For `bulletin serve --lrs-endpoint`, before the data layer opens: checks the endpoint,
/// loads the login (see LoadLrsCredentials) into *settings, and sets
/// store_options->outbox_statement so every attempt gets its xAPI statement in the outbox.
/// `site` must outlive the store. Returns false and sets *err (what to fix) on failure.
/// Then start an LrsForwarder over the data layer's outbox with those settings.
bool PrepareLrsForwarding(const std::string& endpoint, const std::string& credentials_file,
                          const std::string& content_dir, const SiteConfig& site,
                          LrsSettings* settings, StoreOptions* store_options, std::string* err);

}  // namespace bulletin
