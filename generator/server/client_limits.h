#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bulletin {

/// Per-client-address limits: how many connections (or, behind a proxy, requests) one
/// address may have open at once, and how fast it may open new ones (a token bucket that
/// holds `new_per_second` tokens and refills at that rate). Thread-safe. Memory stays
/// bounded: an address is forgotten once it has nothing open and its bucket is full again.
class ClientLimits {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Verdict { kAdmitted, kTooManyOpen, kTooFast };

  /// `max_open` 0: no limit on open connections; `new_per_second` 0: no rate limit.
  ClientLimits(size_t max_open, double new_per_second)
      : max_open_(max_open), rate_(new_per_second) {}

  /// Counts one more open connection for `address` unless that would pass a limit. When
  /// `count_rate` is false only the open count applies. On kAdmitted the caller must call
  /// Release(address) exactly once when the connection ends.
  Verdict Admit(const std::string& address, bool count_rate, Clock::time_point now = Clock::now());

  void Release(const std::string& address);

  /// How many addresses are remembered (for tests of the memory bound).
  size_t tracked() const;

 private:
  struct Entry {
    size_t open = 0;
    double tokens = 0;
    Clock::time_point refilled;
  };
  void Refill(Entry* entry, Clock::time_point now) const;
  void Sweep(Clock::time_point now);

  const size_t max_open_;
  const double rate_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> clients_;
  size_t admissions_since_sweep_ = 0;
};

}  // namespace bulletin
