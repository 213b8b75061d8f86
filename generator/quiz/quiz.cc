#include "quiz/quiz.h"

#include <sodium.h>

namespace bulletin {

const QuizQuestion* Quiz::FindQuestion(const std::string& qid) const {
  for (const QuizQuestion& q : questions) {
    if (q.id == qid) return &q;
  }
  return nullptr;
}

std::string QuizVersion(const Quiz& quiz) {
  // Length-prefixed fields, so "ab"+"c" and "a"+"bc" hash differently.
  std::string canonical;
  auto add = [&](const std::string& s) {
    canonical += std::to_string(s.size());
    canonical += ':';
    canonical += s;
  };
  add(quiz.id);
  add(std::to_string(quiz.ask) + (quiz.ask_by_group ? "g" : "") +
      (quiz.shuffle_options ? "o" : "") + (quiz.shuffle_questions ? "q" : ""));
  for (const QuizQuestion& q : quiz.questions) {
    add(q.id);
    add(q.text);
    add(q.multiple ? "multiple" : "single");
    add(q.group);
    for (const QuizOption& o : q.options) {
      add(o.pinned ? "pinned" : "");
      add(o.id);
      add(o.text);
      add(o.correct ? "1" : "0");
    }
  }
  unsigned char hash[crypto_generichash_BYTES_MIN];  // 16 bytes; the first 8 are plenty
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size(), nullptr, 0);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out += kHex[hash[i] >> 4];
    out += kHex[hash[i] & 15];
  }
  return out;
}

}  // namespace bulletin
