#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bulletin {

/// The `n` (at most 8) bytes at `p` as a little-endian number, the same on every platform; one
/// load where n is 8, where assembling the bytes one by one was eight.
inline uint64_t LoadLittleEndian(const char* p, size_t n = 8) {
  uint64_t w = 0;
  std::memcpy(&w, p, n);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

/// MurmurHash3's 64-bit finaliser: spreads every bit of `h` over all 64, so that a hash's low
/// bits (a table index) or high bits (a file name) depend on every input byte. The same on every
/// platform.
inline uint64_t FinalMix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace bulletin
