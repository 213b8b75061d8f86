#pragma once

#include <string>
#include <vector>

#include "manage/compliance.h"

namespace bulletin {

/// One bar: a label (a team or an organisation) and its counts per status.
struct ChartBar {
  std::string label;
  StatusCounts counts;
};

/// An inline SVG of horizontal bars, one per label, each split into the four statuses
/// (compliant, due soon, overdue, never). Accessible without colour: role="img" with a
/// <title> and a <desc> that states every number, each status drawn with its own pattern
/// (classes chart__seg--<status> in site.css), and the share compliant written beside each
/// bar. No style attributes, so a strict CSP holds. `id` must be unique in the page; the
/// patterns are defined once per page by ChartPatterns().
std::string StackedBarChart(const std::string& id, const std::string& title,
                            const std::vector<ChartBar>& bars);

/// The hidden SVG holding the patterns the charts' CSS classes refer to; put it once on a
/// page before the charts.
std::string ChartPatterns();

/// "12 of 20 compliant (60%)": those compliant or due soon (a pass still valid, expiring
/// soon) of everyone.
std::string CompliantShare(const StatusCounts& counts);

}  // namespace bulletin
