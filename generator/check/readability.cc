#include "check/readability.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.h"

namespace bulletin {
namespace {

bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80);
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    bool inner =
        (c == '\'' || c == '-') && !word.empty() && i + 1 < text.size() && IsAlnum(text[i + 1]);
    if (IsAlnum(c) || inner) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

bool IsAbbreviation(std::string_view before) {
  static const std::array<std::string_view, 13> kAbbrev = {
      "mr", "mrs", "ms", "dr", "e.g", "i.e", "etc", "st", "no", "vs", "cf", "approx", "prof"};
  size_t start = before.find_last_of(" (\"'\n");
  std::string word(before.substr(start == std::string_view::npos ? 0 : start + 1));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kAbbrev.begin(), kAbbrev.end(), word) != kAbbrev.end();
}

}  // namespace

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  auto emit = [&](size_t end) {
    std::string s(Trim(text.substr(start, end - start)));
    if (!s.empty()) out.push_back(s);
    start = end;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '.' && c != '!' && c != '?') continue;
    size_t j = i + 1;
    while (j < text.size() && std::string_view("\"')]").find(text[j]) != std::string_view::npos) {
      ++j;
    }
    if (j < text.size() && text[j] != ' ' && text[j] != '\n') continue;
    if (c == '.' && IsAbbreviation(text.substr(start, i - start))) continue;
    emit(j);
    i = j;
  }
  emit(text.size());
  return out;
}

int CountWords(std::string_view text) { return static_cast<int>(Words(text).size()); }

int CountSyllables(std::string_view word) {
  std::string w;
  for (char c : word) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (w.empty()) return 0;
  auto vowel = [](char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; };
  int groups = 0;
  bool prev = false;
  for (char c : w) {
    bool v = vowel(c);
    if (v && !prev) ++groups;
    prev = v;
  }
  size_t n = w.size();
  if (n > 2 && w[n - 1] == 'e' && !vowel(w[n - 2]) && !(w[n - 2] == 'l' && !vowel(w[n - 3]))) {
    --groups;
  }
  if (n > 2 && w.compare(n - 2, 2, "es") == 0 && !vowel(w[n - 3]) &&
      std::string_view("scxzgh").find(w[n - 3]) == std::string_view::npos) {
    --groups;  // "makes", "homes"
  }
  return std::max(groups, 1);
}

double FleschReadingEase(std::string_view text) {
  std::vector<std::string> words = Words(text);
  if (words.empty()) return 0;
  size_t sentences = std::max<size_t>(SplitSentences(text).size(), 1);
  int syllables = 0;
  for (const std::string& w : words) syllables += CountSyllables(w);
  double wps = static_cast<double>(words.size()) / static_cast<double>(sentences);
  double spw = static_cast<double>(syllables) / static_cast<double>(words.size());
  return 206.835 - 1.015 * wps - 84.6 * spw;
}

const char* ReadingEaseBand(double score) {
  if (score >= 90) return "very easy";
  if (score >= 80) return "easy";
  if (score >= 70) return "fairly easy";
  if (score >= 60) return "plain English";
  if (score >= 50) return "fairly difficult";
  if (score >= 30) return "difficult";
  return "very difficult";
}

}  // namespace bulletin
