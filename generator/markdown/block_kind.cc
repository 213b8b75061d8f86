#include "markdown/block_kind.h"

#include "core/text.h"

namespace bulletin {
namespace {

struct KindInfo {
  const char* name;
  const char* title;
  bool quiz_only;
};

// Indexed by BlockKind.
constexpr std::array<KindInfo, kBlockKinds.size()> kInfo = {{
    {"think", "Think", false},
    {"key", "Key message", false},
    {"note", "Note", false},
    {"warning", "Warning", false},
    {"contact", "Contact", false},
    {"explain", "Explanation", true},
    {"scenario", "Scenario", true},
}};

const KindInfo& Info(BlockKind kind) { return kInfo[static_cast<size_t>(kind)]; }

}  // namespace

const char* BlockKindName(BlockKind kind) { return Info(kind).name; }

const char* BlockKindTitle(BlockKind kind) { return Info(kind).title; }

bool IsQuizOnlyBlock(BlockKind kind) { return Info(kind).quiz_only; }

std::optional<BlockKind> BlockKindFromName(std::string_view name) {
  const std::string lower = AsciiLower(name);
  for (BlockKind kind : kBlockKinds) {
    if (lower == BlockKindName(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace bulletin
