#pragma once

#include <ostream>

#include "sitegen/progress.h"

namespace bulletin {

/// Builds of fewer items than this finish too soon for progress to help.
constexpr size_t kProgressMinItems = 200;

/// Shows how far a build has got on `err`: on a terminal, one line rewritten in place
/// ("rendering 4,210/10,000") and cleared when the stage ends; otherwise (a log, CI) a
/// plain line at each quarter of a stage. Nothing for stages under kProgressMinItems.
ProgressFn BuildProgress(std::ostream& err, bool terminal);

}  // namespace bulletin
