#pragma once

#include <cstdint>

namespace bulletin {

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
