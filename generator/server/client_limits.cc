#include "server/client_limits.h"

#include <algorithm>

namespace bulletin {
namespace {

// Forgotten addresses are swept after this many admissions, so the table holds at most the
// addresses seen in about one refill period plus those with connections open.
constexpr size_t kSweepEvery = 1024;

}  // namespace

void ClientLimits::Refill(Entry* entry, Clock::time_point now) const {
  std::chrono::duration<double> elapsed = now - entry->refilled;
  entry->tokens = std::min(rate_, entry->tokens + elapsed.count() * rate_);
  entry->refilled = now;
}

ClientLimits::Verdict ClientLimits::Admit(const std::string& address, bool count_rate,
                                          Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (++admissions_since_sweep_ >= kSweepEvery) Sweep(now);
  auto [it, added] = clients_.try_emplace(address);
  Entry& entry = it->second;
  if (added) {
    entry.tokens = rate_;
    entry.refilled = now;
  }
  Verdict verdict = Verdict::kAdmitted;
  if (max_open_ > 0 && entry.open >= max_open_) {
    verdict = Verdict::kTooManyOpen;
  } else if (count_rate && rate_ > 0) {
    Refill(&entry, now);
    if (entry.tokens < 1) {
      verdict = Verdict::kTooFast;
    } else {
      entry.tokens -= 1;
    }
  }
  if (verdict == Verdict::kAdmitted) {
    ++entry.open;
  } else if (entry.open == 0 && (rate_ <= 0 || entry.tokens >= rate_)) {
    clients_.erase(it);
  }
  return verdict;
}

void ClientLimits::Release(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = clients_.find(address);
  if (it == clients_.end() || it->second.open == 0) return;
  if (--it->second.open == 0 && rate_ <= 0) clients_.erase(it);
}

void ClientLimits::Sweep(Clock::time_point now) {
  admissions_since_sweep_ = 0;
  for (auto it = clients_.begin(); it != clients_.end();) {
    Refill(&it->second, now);
    if (it->second.open == 0 && it->second.tokens >= rate_) {
      it = clients_.erase(it);
    } else {
      ++it;
    }
  }
}

size_t ClientLimits::tracked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return clients_.size();
}

}  // namespace bulletin
