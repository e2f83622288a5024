#pragma once
// Pending changes to a received message, as Kamailio records them ("lumps"):
// each edit is an offset into the received text with the bytes it removes
// and the text it puts there. Nothing changes until apply() builds the text
// to send, so what a script reads is the message as received.
//
// Overlaps have one defined outcome: an edit whose span reaches inside the
// span of an edit recorded before it (a header removed twice, an insertion
// inside a removed header) is refused and counted; the earlier edit stands.
// Insertions at the same offset keep the order they were made in, and come
// before a removal that starts there.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::sip {

struct TextEdit {
  std::size_t offset = 0;  // into the received text
  std::size_t length = 0;  // bytes removed from there; 0 for an insertion
  std::string text;        // what takes their place
};

class MessageEdits {
 public:
  // Each returns false, and records nothing, when the edit overlaps an
  // earlier one (see above).
  bool insert(std::size_t offset, std::string text) { return add({offset, 0, std::move(text)}); }
  bool remove(std::size_t offset, std::size_t length) { return add({offset, length, {}}); }
  bool replace(std::size_t offset, std::size_t length, std::string text) {
    return add({offset, length, std::move(text)});
  }
  bool add(TextEdit edit);
  // Whether add(edit) would be refused.
  bool clashes(const TextEdit& edit) const;
  // Counts an edit refused by the caller for the same reason, when it was
  // made of several and checked with clashes() first.
  void refuseOne() { ++refused_; }

  // The edit recorded for exactly this span, or null.
  TextEdit* find(std::size_t offset, std::size_t length);
  const TextEdit* find(std::size_t offset, std::size_t length) const;
  // The insertion of exactly `text` at `offset`, or null: a module changing
  // or withdrawing what it inserted (rr's Record-Route).
  TextEdit* findInsertion(std::size_t offset, std::string_view text);
  // Forgets an edit find() or findInsertion() returned.
  void erase(const TextEdit* edit);

  bool empty() const { return edits_.empty(); }
  std::size_t size() const { return edits_.size(); }
  // How many edits were refused for overlapping, since the start.
  std::size_t refused() const { return refused_; }
  void clear() { edits_.clear(); }

  // `original` with every edit applied, and with `extra` (edits made for
  // this output only, e.g. the proxy's own Via) as if recorded last. An
  // extra edit that overlaps is left out.
  std::string apply(std::string_view original, std::span<const TextEdit> extra = {}) const;

 private:
  std::vector<TextEdit> edits_;
  std::size_t refused_ = 0;
};

// True when `edit` reaches inside `earlier` (see MessageEdits).
bool overlaps(const TextEdit& earlier, const TextEdit& edit);

}  // namespace kemid::sip
