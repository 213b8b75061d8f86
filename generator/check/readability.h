#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// The Flesch reading ease plain English starts at; briefs and bulletins below it get a
/// reading-ease note.
constexpr int kPlainEnglishReadingEase = 60;

/// Splits plain text into sentences at '.', '!' or '?' (with any closing quotes
/// and brackets) followed by a space, except after common abbreviations (Mr,
/// Mrs, Ms, Dr, e.g., i.e., etc., St, No, vs). Sentences are trimmed; empty
/// ones are dropped.
std::vector<std::string> SplitSentences(std::string_view text);

/// Words in `text`: runs of letters or digits (apostrophes and hyphens inside a
/// word kept).
int CountWords(std::string_view text);

/// Syllables in one English word, estimated from vowel groups (silent final e
/// dropped, final "le" kept); at least 1 for a word with any letter.
int CountSyllables(std::string_view word);

/// Flesch reading ease of `text`: 206.835 - 1.015 (words/sentences) - 84.6
/// (syllables/words). Higher is easier; 60-70 is plain English. 0 words gives
/// 0.
double FleschReadingEase(std::string_view text);

/// "very easy", "easy", "fairly easy", "plain English", "fairly difficult",
/// "difficult", "very difficult" for a Flesch score.
const char* ReadingEaseBand(double score);

}  // namespace bulletin
