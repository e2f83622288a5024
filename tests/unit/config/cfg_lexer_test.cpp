#include "config/cfg_lexer.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/config_error.h"

namespace kemid::cfg {
namespace {

// Every token of `text` up to End; directives are returned as Punct tokens
// spelled "#!name argument" so tests can see where they were.
std::vector<Token> lex(const std::string& text) {
  Lexer lexer(text, SourceLocation{"t.cfg", 1, 1}, Lexer::Mode::File);
  std::vector<Token> tokens;
  for (;;) {
    Lexeme lexeme = lexer.next();
    if (auto* d = std::get_if<Directive>(&lexeme)) {
      Token t;
      t.kind = TokenKind::Punct;
      t.text = "#!" + d->name + d->argument;
      t.where = d->where;
      tokens.push_back(t);
      continue;
    }
    Token t = std::get<Token>(lexeme);
    if (t.kind == TokenKind::End) return tokens;
    tokens.push_back(t);
  }
}

std::string lexError(const std::string& text) {
  try {
    lex(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

Token only(const std::string& text) {
  auto tokens = lex(text);
  EXPECT_EQ(tokens.size(), 1u) << text;
  return tokens.empty() ? Token{} : tokens.front();
}

TEST(CfgLexer, HeaderLinesAndCommentsProduceNoTokens) {
  EXPECT_TRUE(lex("#!KAMAILIO\n#!KEMID\n# comment\n// another\n/* block */\n").empty());
}

TEST(CfgLexer, BlockCommentsNest) {
  auto tokens = lex("/* a /* b */ still comment */ debug");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].text, "debug");
}

TEST(CfgLexer, UnterminatedBlockCommentIsAnErrorAtItsStart) {
  EXPECT_EQ(lexError("debug=1\n  /* open /* nested */\n"),
            "t.cfg:2:3: unterminated block comment: '/*' has no matching '*/'");
}

TEST(CfgLexer, TracksLineAndColumnOfEachToken) {
  auto tokens = lex("children = 4\n  debug=3");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].where, (SourceLocation{"t.cfg", 1, 1}));
  EXPECT_EQ(tokens[2].where, (SourceLocation{"t.cfg", 1, 12}));
  EXPECT_EQ(tokens[3].where, (SourceLocation{"t.cfg", 2, 3}));
  EXPECT_EQ(tokens[5].where, (SourceLocation{"t.cfg", 2, 9}));
}

TEST(CfgLexer, MarksTokensPrecededBySpace) {
  auto tokens = lex("udp:1.2 x /**/y");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_FALSE(tokens[1].spaceBefore);
  EXPECT_FALSE(tokens[4].spaceBefore);
  EXPECT_TRUE(tokens[5].spaceBefore);
  EXPECT_TRUE(tokens[6].spaceBefore);
}

TEST(CfgLexer, DoubleQuotedStringDecodesEscapes) {
  Token t = only(R"("a\nb\rc\td\ae\"f\\g")");
  EXPECT_EQ(t.kind, TokenKind::String);
  EXPECT_EQ(t.text, "a\nb\rc\td\ae\"f\\g");
}

TEST(CfgLexer, DoubleQuotedStringDecodesHexAndTwoOrThreeDigitOctal) {
  EXPECT_EQ(only(R"("\x41\x4a\x7")").text, "AJ\x07");
  EXPECT_EQ(only(R"("\101\60")").text, "A0");
}

TEST(CfgLexer, UnknownEscapesAndSingleOctalDigitKeepTheBackslash) {
  EXPECT_EQ(only(R"("\d+\.\0")").text, R"(\d+\.\0)");
}

TEST(CfgLexer, AdjacentDoubleQuotedStringsConcatenate) {
  auto tokens = lex("\"ab\"  \"cd\"\n\t\"ef\" x");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "abcdef");
}

TEST(CfgLexer, SingleQuotedStringsAreRawAndNotConcatenated) {
  auto tokens = lex(R"('a\nb' 'c')");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, R"(a\nb)");
  EXPECT_TRUE(tokens[0].singleQuoted);
  EXPECT_EQ(tokens[1].text, "c");
}

TEST(CfgLexer, StringsMaySpanLines) {
  auto tokens = lex("\"a\nb\" x");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "a\nb");
  EXPECT_EQ(tokens[1].where.line, 2);
}

TEST(CfgLexer, UnterminatedStringIsAnErrorAtItsStart) {
  EXPECT_EQ(lexError("log_prefix = \"abc\n\n"),
            "t.cfg:1:14: unterminated string: missing closing '\"'");
}

TEST(CfgLexer, IntegersInEveryBase) {
  EXPECT_EQ(only("0").number, 0);
  EXPECT_EQ(only("5060").number, 5060);
  EXPECT_EQ(only("0x1F").number, 31);
  EXPECT_EQ(only("017").number, 15);
  EXPECT_EQ(only("101b").number, 5);
  EXPECT_EQ(only("5060").kind, TokenKind::Number);
}

TEST(CfgLexer, BooleanWordsAreNumbers) {
  for (const char* word : {"yes", "true", "on", "enable"}) {
    Token t = only(word);
    EXPECT_EQ(t.kind, TokenKind::Number) << word;
    EXPECT_EQ(t.number, 1) << word;
  }
  for (const char* word : {"no", "false", "off", "disable"}) {
    Token t = only(word);
    EXPECT_EQ(t.kind, TokenKind::Number) << word;
    EXPECT_EQ(t.number, 0) << word;
  }
}

TEST(CfgLexer, NineInOctalIsABadNumber) {
  Token t = only("08");
  EXPECT_EQ(t.kind, TokenKind::BadNumber);
  EXPECT_EQ(describeToken(t), "'08' (invalid octal number: a leading 0 makes it octal)");
}

TEST(CfgLexer, MinusIsPunctuationNotPartOfTheNumber) {
  auto tokens = lex("-3");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_TRUE(tokens[0].isPunct('-'));
  EXPECT_EQ(tokens[1].number, 3);
}

TEST(CfgLexer, DirectivesWithBothPrefixesKeepTheirArgument) {
  auto tokens = lex("#!define A 1\n!!ifdef A\n  #!endif");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "#!define A 1");
  EXPECT_EQ(tokens[1].text, "#!ifdef A");
  EXPECT_EQ(tokens[2].where, (SourceLocation{"t.cfg", 3, 3}));
}

TEST(CfgLexer, BackslashNewlineContinuesADirective) {
  auto tokens = lex("#!define A 1 \\\n 2\nx");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "#!define A 1  2");
  EXPECT_EQ(tokens[1].where.line, 3);
}

TEST(CfgLexer, HashBangWithUnknownWordIsAComment) {
  EXPECT_TRUE(lex("#!nosuchdirective x y\n").empty());
}

TEST(CfgLexer, SeveralStatementsOnOneLine) {
  auto tokens = lex("children = 4 ; debug = 3;");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_TRUE(tokens[3].isPunct(';'));
  EXPECT_EQ(tokens[4].text, "debug");
}

TEST(CfgLexer, ExpansionPutsEveryTokenAtTheUseSite) {
  Lexer lexer("udp:1.2.3.4", SourceLocation{"t.cfg", 7, 12}, Lexer::Mode::Expansion, true);
  Token first = std::get<Token>(lexer.next());
  Token second = std::get<Token>(lexer.next());
  EXPECT_TRUE(first.spaceBefore);
  EXPECT_FALSE(second.spaceBefore);
  EXPECT_EQ(second.where, (SourceLocation{"t.cfg", 7, 12}));
}

TEST(CfgLexer, ControlCharacterIsAnError) {
  EXPECT_EQ(lexError("debug\x01"), "t.cfg:1:6: unexpected character '\\x01'");
}

}  // namespace
}  // namespace kemid::cfg
