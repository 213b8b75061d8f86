#include "core/hash.h"

namespace bulletin {

uint64_t Hash64(std::string_view bytes, uint64_t seed) {
  constexpr uint64_t kMul1 = 0x9E3779B97F4A7C15ull, kMul2 = 0xC2B2AE3D27D4EB4Full;
  uint64_t h = seed ^ (bytes.size() * kMul1);
  auto mix = [&](uint64_t w) {
    h ^= w * kMul2;
    h = (h << 31 | h >> 33) * kMul1;
  };
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) mix(LoadLittleEndian(bytes.data() + i));
  mix(LoadLittleEndian(bytes.data() + i, bytes.size() - i));
  return FinalMix(h);
}

void HashCombine(uint64_t* h, uint64_t value) {
  *h = FinalMix(*h ^ (value + 0x9E3779B97F4A7C15ull));
}

}  // namespace bulletin
