#include "cli/build_progress.h"

#include <string>

namespace bulletin {

namespace {

// 10000 -> "10,000".
std::string Grouped(size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

ProgressFn BuildProgress(std::ostream& err, bool terminal) {
  return [&err, terminal](std::string_view stage, size_t done, size_t total) {
    if (total < kProgressMinItems) return;
    std::string line = std::string(stage) + " " + Grouped(done) + "/" + Grouped(total);
    if (terminal) {
      // Redrawing every item would cost more than the work: every hundredth will do.
      if (done != total && done % (total / 100 + 1) != 0) return;
      err << '\r' << line << (done == total ? "\r\033[K" : "") << std::flush;
      return;
    }
    if (done * 4 / total != (done - 1) * 4 / total) err << line << '\n' << std::flush;
  };
}

}  // namespace bulletin
