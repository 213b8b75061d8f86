// The request target: never crashes; a decoded path never holds NUL or a backslash, and
// encoding it again gives a target that decodes to the same path.
#include <cstdlib>

#include "fuzz_support.h"
#include "server/request_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  RequestTarget target;
  if (ParseRequestTarget(fuzz::Text(data, size), &target) != 0) return 0;
  if (target.path.find('\0') != std::string::npos) std::abort();
  if (target.path.find('\\') != std::string::npos) std::abort();
  std::string encoded = EncodePath(target.path);
  if (encoded.size() > kMaxTargetBytes) return 0;
  RequestTarget again;
  if (ParseRequestTarget(encoded, &again) != 0) std::abort();
  if (again.path != target.path) std::abort();
  return 0;
}
