#include "manage/bar_chart.h"

#include "core/text.h"

namespace bulletin {

namespace {

constexpr int kWidth = 720;
constexpr int kLabelWidth = 230;
constexpr int kBarWidth = 320;
constexpr int kRowHeight = 32;
constexpr int kBarHeight = 20;
constexpr size_t kMaxLabelChars = 30;

// Cuts a label to fit its column, at a character boundary, with an ellipsis.
std::string FitLabel(const std::string& label) {
  size_t chars = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xc0) == 0x80) continue;
    if (++chars > kMaxLabelChars) return label.substr(0, i) + "\xE2\x80\xA6";
  }
  return label;
}

std::string Describe(const ChartBar& bar) {
  std::string out = (bar.label.empty() ? std::string("No team") : bar.label) + ": ";
  for (int s = 0; s < kStatusCount; ++s) {
    if (s > 0) out += ", ";
    out += std::to_string(bar.counts.n[s]) + " " +
           AsciiLower(StatusLabel(static_cast<ComplianceStatus>(s)));
  }
  return out + ".";
}

}  // namespace

std::string CompliantShare(const StatusCounts& counts) {
  const int total = counts.total();
  // Due soon: the pass is still valid, so it counts; the chart flags it as expiring.
  const int ok = counts.of(ComplianceStatus::kCompliant) + counts.of(ComplianceStatus::kDueSoon);
  const int percent = total == 0 ? 0 : (ok * 100 + total / 2) / total;
  return std::to_string(ok) + " of " + std::to_string(total) + " compliant (" +
         std::to_string(percent) + "%)";
}

std::string ChartPatterns() {
  return "<svg class=\"chart-patterns\" aria-hidden=\"true\" focusable=\"false\" width=\"0\" "
         "height=\"0\"><defs>"
         "<pattern id=\"chart-pattern-due-soon\" width=\"8\" height=\"8\" "
         "patternUnits=\"userSpaceOnUse\"><rect class=\"chart__pattern-bg--due-soon\" "
         "width=\"8\" height=\"8\"/><circle class=\"chart__pattern-mark\" cx=\"4\" cy=\"4\" "
         "r=\"1.6\"/></pattern>"
         "<pattern id=\"chart-pattern-overdue\" width=\"8\" height=\"8\" "
         "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect "
         "class=\"chart__pattern-bg--overdue\" width=\"8\" height=\"8\"/><rect "
         "class=\"chart__pattern-mark\" width=\"2\" height=\"8\"/></pattern>"
         "<pattern id=\"chart-pattern-never\" width=\"8\" height=\"8\" "
         "patternUnits=\"userSpaceOnUse\"><rect class=\"chart__pattern-bg--never\" width=\"8\" "
         "height=\"8\"/><path class=\"chart__pattern-line\" d=\"M0 4H8\"/></pattern>"
         "</defs></svg>\n";
}

std::string StackedBarChart(const std::string& id, const std::string& title,
                            const std::vector<ChartBar>& bars) {
  const int height = static_cast<int>(bars.size()) * kRowHeight + 8;
  std::string desc;
  for (const ChartBar& bar : bars) desc += (desc.empty() ? "" : " ") + Describe(bar);
  std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kWidth) +
                    " " + std::to_string(height) + "\" aria-labelledby=\"" + id + "-title " + id +
                    "-desc\">";
  svg += "<title id=\"" + id + "-title\">" + HtmlEscape(title) + "</title>";
  svg += "<desc id=\"" + id + "-desc\">" + HtmlEscape(desc) + "</desc>";
  int y = 4;
  for (const ChartBar& bar : bars) {
    const int total = bar.counts.total();
    const std::string label = bar.label.empty() ? "No team" : bar.label;
    svg += "<text class=\"chart__label\" x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" +
           std::to_string(y + 15) + "\">" + HtmlEscape(FitLabel(label)) + "</text>";
    svg += "<rect class=\"chart__track\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" +
           std::to_string(y) + "\" width=\"" + std::to_string(kBarWidth) + "\" height=\"" +
           std::to_string(kBarHeight) + "\"/>";
    int x = kLabelWidth, done = 0;
    for (int s = 0; s < kStatusCount && total > 0; ++s) {
      done += bar.counts.n[s];
      // Edges from cumulative counts, so rounding never leaves a gap or overflows the track.
      const int end = kLabelWidth + done * kBarWidth / total;
      if (end > x) {
        svg += "<rect class=\"chart__seg chart__seg--" +
               std::string(StatusId(static_cast<ComplianceStatus>(s))) + "\" x=\"" +
               std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
               std::to_string(end - x) + "\" height=\"" + std::to_string(kBarHeight) + "\"/>";
      }
      x = end;
    }
    svg += "<text class=\"chart__value\" x=\"" + std::to_string(kLabelWidth + kBarWidth + 8) +
           "\" y=\"" + std::to_string(y + 15) + "\">" + HtmlEscape(CompliantShare(bar.counts)) +
           "</text>";
    y += kRowHeight;
  }
  return svg + "</svg>\n";
}

}  // namespace bulletin
