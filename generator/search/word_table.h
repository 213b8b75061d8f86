#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// A map from short byte strings (folded words) to 32-bit numbers, made for the index writer's
/// lookup of every word it reads: open addressing with linear probing in a power-of-two array of
/// slots, each holding the key's hash (so most mismatches cost no byte comparison) and where its
/// bytes sit in one arena (so inserting allocates only when the arena or the array grows).
/// Lookups never allocate. Not thread-safe; iteration is not offered, so its order cannot leak
/// into any output.
class WordTable {
 public:
  WordTable();

  /// The number stored for `key`, or nullptr; valid until the next Insert.
  const uint32_t* Find(std::string_view key) const;
  /// Stores key -> value; `key` must not be in the table yet.
  void Insert(std::string_view key, uint32_t value);
  size_t size() const { return size_; }

  /// The hash the table uses: fast, not stable across platforms (never write it anywhere).
  static uint64_t Hash(std::string_view key);

 private:
  // 16 bytes, four to a cache line. 32-bit offsets cap the arena at 4 GiB of distinct keys, far
  // beyond any site's vocabulary (a word is at most kMaxWordBytes).
  struct Slot {
    uint32_t hash = 0;         // the key's Hash, low 32 bits
    uint32_t offset = kEmpty;  // where the key's bytes start in keys_, kEmpty for a free slot
    uint32_t length = 0;
    uint32_t value = 0;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;

  void Grow();

  // A power of two in size, at most 3/4 full: a table that fits the cache matters more than the
  // few more probes, which are mostly in the same cache line.
  std::vector<Slot> slots_;
  std::string keys_;  // every key's bytes, one after another
  size_t size_ = 0;
};

}  // namespace bulletin
