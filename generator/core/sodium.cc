#include "core/sodium.h"

#include <sodium.h>

#include <stdexcept>

namespace bulletin {

bool StartSodium() { return sodium_init() >= 0; }

void RequireSodium() {
  if (!StartSodium()) throw std::runtime_error("libsodium could not start");
}

}  // namespace bulletin
