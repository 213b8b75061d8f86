#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace bulletin {

/// The block kinds authors write as `> [!NAME]` (GitHub-alert form). kExplain and kScenario
/// are quiz-only (RenderOptions::allow_quiz_blocks).
enum class BlockKind { kThink, kKey, kNote, kWarning, kContact, kExplain, kScenario };

/// Every kind, in the order above: the order messages list them in.
inline constexpr std::array<BlockKind, 7> kBlockKinds = {
    BlockKind::kThink,   BlockKind::kKey,     BlockKind::kNote,    BlockKind::kWarning,
    BlockKind::kContact, BlockKind::kExplain, BlockKind::kScenario};

/// "think", "key", "note", "warning", "contact", "explain", "scenario": the data-block
/// attribute value and the prefix of the block's id; upper-cased, the marker.
const char* BlockKindName(BlockKind kind);

/// The visible title of a block: "Think", "Key message", "Note", "Warning", "Contact",
/// "Explanation", "Scenario".
const char* BlockKindTitle(BlockKind kind);

/// True for the kinds only quiz files may use (kExplain, kScenario).
bool IsQuizOnlyBlock(BlockKind kind);

/// The kind named by `name` ("think", "KEY", ...), ASCII case-insensitive; nullopt if unknown.
std::optional<BlockKind> BlockKindFromName(std::string_view name);

}  // namespace bulletin
