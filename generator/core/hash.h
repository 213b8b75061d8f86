#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace bulletin {

/// The project's one byte hash, for everything that names, keys or checks bytes: the search
/// index's file names, the build cache (saved in `.site.cache`), the output tree's and the
/// watch's fingerprints, the link checker's memo. Our own algorithm, so its values never change
/// with the compiler or the standard library: eight bytes at a time, each little-endian word
/// multiplied in and the state rotated (the shape of an xxHash round), the length folded in at
/// the start and MurmurHash3's 64-bit finaliser (`FinalMix`) at the end. Not cryptographic: it
/// detects change and spreads keys, it does not resist an attacker. Changing it changes every
/// saved value: bump the build cache's format line (sitegen/build_cache.cc) with it.
uint64_t Hash64(std::string_view bytes, uint64_t seed = 0);

/// Folds `value` into the running hash `*h` (order matters: Combine(a) then Combine(b) differs
/// from b then a).
void HashCombine(uint64_t* h, uint64_t value);

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
