// The quiz parser never crashes, and never accepts a quiz it reported an error in.
#include <cstdlib>

#include "fuzz_support.h"
#include "quiz/quiz_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  if (size > 64 * 1024) return 0;
  Diagnostics diags;
  Quiz quiz;
  bool ok = ParseQuiz(std::string(fuzz::Text(data, size)), "quizzes/input.md", "input",
                      fuzz::Site(), &diags, &quiz);
  if (ok && diags.HasErrors()) std::abort();
  return 0;
}
