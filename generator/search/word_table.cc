#include "search/word_table.h"

#include <cstring>

#include "core/hash.h"

namespace bulletin {

WordTable::WordTable() : slots_(1024) {}

uint64_t WordTable::Hash(std::string_view key) {
  // Eight bytes at a time, each word mixed by a multiply; then the final mix, so that the low bits
  // the table indexes by depend on every byte.
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = key.size() * kMul;
  const char* p = key.data();
  size_t n = key.size();
  for (; n >= 8; p += 8, n -= 8) {
    h = (h ^ LoadLittleEndian(p)) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) h = (h ^ LoadLittleEndian(p, n)) * kMul;
  return FinalMix(h);
}

const uint32_t* WordTable::Find(std::string_view key) const {
  const uint32_t hash = static_cast<uint32_t>(Hash(key));
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.offset == kEmpty) return nullptr;
    if (s.hash == hash && s.length == key.size() &&
        std::memcmp(keys_.data() + s.offset, key.data(), key.size()) == 0) {
      return &s.value;
    }
  }
}

void WordTable::Insert(std::string_view key, uint32_t value) {
  if (4 * (size_ + 1) > 3 * slots_.size()) Grow();
  const uint32_t hash = static_cast<uint32_t>(Hash(key));
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].offset != kEmpty) i = (i + 1) & mask;
  slots_[i] = {hash, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()), value};
  keys_.append(key);
  ++size_;
}

void WordTable::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.offset == kEmpty) continue;
    size_t i = s.hash & mask;
    while (slots_[i].offset != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace bulletin
