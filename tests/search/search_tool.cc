// Test helper for tests/search/search_js.test.js: reads lines of text on stdin and writes,
// for each, its tokens as "word/stem" separated by spaces, so the browser's tokenizer and
// stemmer can be compared with the C++ ones on the same words.
#include <iostream>
#include <string>

#include "search/stemmer.h"
#include "search/tokenizer.h"

int main() {
  bulletin::Stemmer stemmer;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string out;
    for (const bulletin::Token& t : bulletin::Tokenize(line)) {
      if (!out.empty()) out += ' ';
      out += t.word + "/" + stemmer.Stem(t.word);
    }
    std::cout << out << '\n';
  }
  return 0;
}
