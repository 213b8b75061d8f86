// application/x-www-form-urlencoded and free text: never crash; decoded fields are never
// longer than what they came from.
#include <cstdlib>

#include "fuzz_support.h"
#include "server/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  std::string_view body = fuzz::Text(data, size);
  FormFields fields;
  if (ParseForm(body, 1000, &fields)) {
    size_t total = 0;
    for (const auto& [name, value] : fields) total += name.size() + value.size();
    if (total > body.size()) std::abort();
    for (const auto& [name, value] : fields) IsCleanText(value);
  }
  IsCleanText(body);
  return 0;
}
