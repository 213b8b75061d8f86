#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bulletin {

/// One xAPI statement waiting for the Learning Record Store (table lrs_outbox). Rows are
/// added by the attempts store, in the transaction that records the attempt (StoreOptions).
struct OutboxRow {
  int64_t id = 0;
  int64_t attempt_id = 0;
  std::string statement;  ///< the xAPI statement JSON, with its id
  int tries = 0;
};

/// How the outbox stands, for the forwarder's log lines.
struct OutboxState {
  int waiting = 0;         ///< rows not yet accepted by the LRS
  int most_tries = 0;      ///< the highest try count among them
  std::string last_error;  ///< the error of the failing row due last; "" when none failed
};

/// The LRS outbox, as the forwarder (manage/lrs_forwarder.h) works through it. Every method
/// is one transaction and returns false with *err when the database fails. Thread-safe.
class LrsOutbox {
 public:
  virtual ~LrsOutbox() = default;

  /// Up to `limit` unsent rows due at or before `now`, the longest due first.
  virtual bool Due(int64_t now, int limit, std::vector<OutboxRow>* out, std::string* err) = 0;

  /// The LRS accepted row `id` at `now`.
  virtual bool MarkSent(int64_t id, int64_t now, std::string* err) = 0;

  /// The LRS refused row `id`, or could not be reached: records the try and the error and
  /// makes the row due again at `next_try_at` (unless it was meanwhile sent).
  virtual bool MarkFailed(int64_t id, int tries, const std::string& error, int64_t next_try_at,
                          std::string* err) = 0;

  virtual bool State(OutboxState* out, std::string* err) = 0;
};

}  // namespace bulletin
