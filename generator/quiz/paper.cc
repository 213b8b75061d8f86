#include "quiz/paper.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace bulletin {

namespace {

std::vector<std::string> OptionOrder(const QuizQuestion& q, bool shuffle, std::mt19937_64& rng) {
  std::vector<std::string> free, pinned;
  for (const QuizOption& o : q.options) (o.pinned ? pinned : free).push_back(o.id);
  if (shuffle) std::shuffle(free.begin(), free.end(), rng);
  free.insert(free.end(), pinned.begin(), pinned.end());
  return free;
}

// Indexes (into quiz.questions) of the drawn questions, in file order.
std::vector<size_t> DrawIndexes(const Quiz& quiz, std::mt19937_64& rng) {
  const size_t total = quiz.questions.size();
  const size_t ask = static_cast<size_t>(quiz.AskCount());
  std::vector<size_t> chosen;
  if (ask == total) {
    for (size_t i = 0; i < total; ++i) chosen.push_back(i);
    return chosen;
  }
  if (!quiz.ask_by_group) {
    std::vector<size_t> all(total);
    for (size_t i = 0; i < total; ++i) all[i] = i;
    std::shuffle(all.begin(), all.end(), rng);
    chosen.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(ask));
  } else {
    // Each group's questions in random order, then one from each group in turn.
    std::vector<std::string> group_order;
    std::map<std::string, std::vector<size_t>> groups;
    for (size_t i = 0; i < total; ++i) {
      const std::string& g = quiz.questions[i].group;
      if (!groups.count(g)) group_order.push_back(g);
      groups[g].push_back(i);
    }
    for (auto& [name, members] : groups) std::shuffle(members.begin(), members.end(), rng);
    // Which groups give an extra question when ask is not a multiple: chosen at random.
    std::shuffle(group_order.begin(), group_order.end(), rng);
    for (size_t round = 0; chosen.size() < ask; ++round) {
      for (const std::string& g : group_order) {
        if (chosen.size() == ask) break;
        if (round < groups[g].size()) chosen.push_back(groups[g][round]);
      }
    }
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::string ToBase64(const unsigned char* data, size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

// The paper as lines: quiz, version, issued_at, holder, then "qid a c b" per question.
std::string Serialise(const Paper& p) {
  std::string out =
      p.quiz_id + '\n' + p.version + '\n' + std::to_string(p.issued_at) + '\n' + p.holder + '\n';
  for (const PaperQuestion& q : p.questions) {
    out += q.id;
    for (const std::string& o : q.order) out += ' ' + o;
    out += '\n';
  }
  return out;
}

std::optional<Paper> Deserialise(const std::string& text) {
  std::istringstream in(text);
  Paper p;
  std::string issued;
  if (!std::getline(in, p.quiz_id) || !std::getline(in, p.version) || !std::getline(in, issued) ||
      !std::getline(in, p.holder)) {
    return std::nullopt;
  }
  try {
    p.issued_at = std::stoll(issued);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    PaperQuestion q;
    words >> q.id;
    for (std::string o; words >> o;) q.order.push_back(o);
    if (q.id.empty()) return std::nullopt;
    p.questions.push_back(std::move(q));
  }
  return p;
}

}  // namespace

const PaperQuestion* Paper::Find(const std::string& qid) const {
  for (const PaperQuestion& q : questions) {
    if (q.id == qid) return &q;
  }
  return nullptr;
}

Paper DrawPaper(const Quiz& quiz, std::mt19937_64& rng, int64_t now) {
  Paper paper;
  paper.quiz_id = quiz.id;
  paper.version = quiz.version;
  paper.issued_at = now;
  std::vector<size_t> indexes = DrawIndexes(quiz, rng);
  if (quiz.shuffle_questions) std::shuffle(indexes.begin(), indexes.end(), rng);
  for (size_t i : indexes) {
    const QuizQuestion& q = quiz.questions[i];
    paper.questions.push_back({q.id, OptionOrder(q, quiz.shuffle_options, rng)});
  }
  return paper;
}

Paper FixedPaper(const Quiz& quiz) {
  Paper paper;
  paper.quiz_id = quiz.id;
  paper.version = quiz.version;
  std::mt19937_64 unused;
  for (int i = 0; i < quiz.AskCount(); ++i) {
    const QuizQuestion& q = quiz.questions[static_cast<size_t>(i)];
    paper.questions.push_back({q.id, OptionOrder(q, false, unused)});
  }
  return paper;
}

PaperSealer::PaperSealer(std::string key) : key_(std::move(key)) {
  if (key_.size() != crypto_secretbox_KEYBYTES) {
    throw std::invalid_argument("a paper key must be 32 bytes");
  }
}

std::string PaperSealer::Seal(const Paper& paper) const {
  const std::string plain = Serialise(paper);
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), bytes,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return ToBase64(bytes, box.size());
}

std::optional<Paper> PaperSealer::Open(const std::string& token) const {
  if (token.empty() || token.size() > 16 * 1024) return std::nullopt;
  std::string box(token.size(), '\0');
  size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), token.data(),
                        token.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      size < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(box.data());
  const size_t cipher = size - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 bytes + crypto_secretbox_NONCEBYTES, cipher, bytes,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return std::nullopt;
  }
  return Deserialise(plain);
}

std::string LoadOrCreatePaperKey(const std::string& path, std::string* err) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (key.size() == crypto_secretbox_KEYBYTES) return key;
      *err = path + " is not a paper key (32 bytes); delete it and start again to make a new one";
      return "";
    }
  }
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  crypto_secretbox_keygen(reinterpret_cast<unsigned char*>(key.data()));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    *err = "cannot create " + path + ": " + std::strerror(errno);
    return "";
  }
  bool ok =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    *err = "cannot write " + path;
    return "";
  }
  return key;
}

}  // namespace bulletin
