#pragma once
// Where the values and parameters of header fields are in a message head,
// as Kamailio 5.6's textopsx splits them for its *_hf_value functions:
// offsets into the head, for the edits header_value_edits makes.

#include <cstddef>
#include <string_view>
#include <vector>

#include "sip/header_spans.h"

namespace kemid::textopsx {

using sip::Span;

bool isSpace(char c);  // SP, HT, CR or LF
std::string_view trim(std::string_view text);
// [from, to) of `head` without white space at either end.
Span trimmed(std::string_view head, std::size_t from, std::size_t to);
Span between(std::size_t from, std::size_t to);

// A field of the chosen name: its whole line and its body, from after the
// colon and the white space that follows it to the end of the line (white
// space before the CRLF included, as Kamailio's edits count it).
struct Field {
  Span line;
  Span body;
};

// The fields called `name` (any case, compact forms too), in order.
std::vector<Field> fieldsOf(std::string_view head, std::string_view name);

// One value of a field: from the start of the body or the comma before it
// (excluded) to the comma after it or the end of the body.
struct Value {
  std::size_t field;
  std::size_t position;  // in its field
  std::size_t count;     // values in its field
  Span segment;
  Span text;  // the segment without surrounding white space
};

// The values of `fields`, field after field; commas in double quotes do
// not separate values, those inside <...> do (as in Kamailio).
std::vector<Value> valuesOf(std::string_view head, const std::vector<Field>& fields);

// A parameter found in a value: where its text starts (name, without white
// space), where its name ends, where it ends (without white space), and the
// separator before it (';' or ',').
struct Param {
  std::size_t separator;
  std::size_t nameStart;
  std::size_t nameEnd;
  std::size_t end;
  bool hasEquals;
};

// Whether `param` is called `name` (any case).
bool named(std::string_view head, const Param& param, std::string_view name);
// The ";name=value" parameters of a value (';' inside quotes or <...>
// does not separate).
std::vector<Param> semicolonParams(std::string_view head, Span value);
// The "name=value" parameters of an Authorization-style body, after its
// scheme ("Digest"): the first word, when what follows it is not '='.
// Parameters without '=' are left out.
std::vector<Param> commaParams(std::string_view head, Span body);

}  // namespace kemid::textopsx
