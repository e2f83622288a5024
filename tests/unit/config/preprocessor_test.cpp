#include "config/preprocessor.h"

#include <gtest/gtest.h>

#include "temp_config.h"

namespace kemid::cfg {
namespace {

using kemid::testing::TempConfigDir;

// The spelling of every token the preprocessor produces for `text`.
std::vector<std::string> tokenTexts(const std::string& text,
                                    const std::vector<PreprocessorDefine>& defines = {}) {
  TempConfigDir dir;
  Preprocessor pp(defines);
  pp.openMainFile(dir.write("t.cfg", text));
  std::vector<std::string> out;
  for (Token t = pp.next(); t.kind != TokenKind::End; t = pp.next()) out.push_back(t.text);
  return out;
}

using Texts = std::vector<std::string>;

TEST(Preprocessor, DefinedIdentifierIsReplacedByItsValueAndRescanned) {
  EXPECT_EQ(tokenTexts("#!define ADDR 127.0.0.1\nlisten=udp:ADDR:5060"),
            (Texts{"listen", "=", "udp", ":", "127", ".", "0", ".", "0", ".", "1", ":", "5060"}));
}

TEST(Preprocessor, DefineWithoutValueSubstitutesToNothing) {
  EXPECT_EQ(tokenTexts("#!define EMPTY\na EMPTY b"), (Texts{"a", "b"}));
}

TEST(Preprocessor, DefinesAreNotSubstitutedInsideStrings) {
  EXPECT_EQ(tokenTexts("#!define X 1\n\"X\" 'X' X"), (Texts{"X", "X", "1"}));
}

TEST(Preprocessor, DefineValuesMayUseOtherDefinesAndMayNotRecurseForever) {
  EXPECT_EQ(tokenTexts("#!define A B\n#!define B A x\nA"), (Texts{"A", "x"}));
}

TEST(Preprocessor, DefAliasAndTrailingCommentInValue) {
  EXPECT_EQ(tokenTexts("#!def N 5 # five\nN N"), (Texts{"5", "5"}));
}

TEST(Preprocessor, TrydefKeepsTheFirstValue) {
  EXPECT_EQ(tokenTexts("#!define N 1\n#!trydef N 2\n#!trydefine M 3\nN M"), (Texts{"1", "3"}));
}

TEST(Preprocessor, RedefineReplacesTheValue) {
  EXPECT_EQ(tokenTexts("#!define N 1\nN\n#!redefine N 2\nN\n#!redef N 3\nN"),
            (Texts{"1", "2", "3"}));
}

TEST(Preprocessor, PredefinedNamesAreDefined) {
  EXPECT_EQ(tokenTexts("#!ifdef KEMID\na\n#!endif\n#!ifdef KAMAILIO_5\nb\n#!endif\n"
                       "#!ifdef KAMAILIO_5_6\nc\n#!endif\n#!ifdef KAMAILIO_4\nd\n#!endif"),
            (Texts{"a", "b", "c"}));
}

TEST(Preprocessor, IfdefElseEndifNested) {
  std::string text =
      "#!define OUTER\n"
      "#!ifdef OUTER\n"
      "  a\n"
      "  #!ifndef INNER\n"
      "    b\n"
      "    #!ifdef NOPE\n"
      "      c\n"
      "    #!else\n"
      "      d\n"
      "    #!endif\n"
      "  #!else\n"
      "    e\n"
      "  #!endif\n"
      "#!else\n"
      "  f\n"
      "  #!ifdef OUTER\n"
      "    g\n"
      "  #!endif\n"
      "#!endif\n"
      "h";
  EXPECT_EQ(tokenTexts(text), (Texts{"a", "b", "d", "h"}));
}

TEST(Preprocessor, SkippedRegionIgnoresDefinesAndBrokenText) {
  EXPECT_EQ(tokenTexts("#!ifdef NOPE\n#!define X 1\n\"unterminated /* open\n#!endif\n"
                       "#!ifdef X\nx\n#!endif\ny"),
            (Texts{"y"}));
}

TEST(Preprocessor, CommandLineDefinesComeFirst) {
  EXPECT_EQ(tokenTexts("#!ifdef WITH_X\nPORTN\n#!endif\n#!trydef PORTN 1\nPORTN",
                       {{"WITH_X", std::nullopt}, {"PORTN", "5098"}}),
            (Texts{"5098", "5098"}));
}

TEST(Preprocessor, ModuleDefineAfterLoadmodule) {
  TempConfigDir dir;
  Config config = dir.load(
      "loadmodule \"tm.so\"\n"
      "#!ifdef MOD_tm\nchildren=3\n#!endif\n"
      "#!ifdef MOD_sl\nchildren=5\n#!endif\n");
  EXPECT_EQ(config.core.children, 3);
}

TEST(Preprocessor, SubstdefReplacesInStringsAndAsIdentifier) {
  EXPECT_EQ(tokenTexts("#!substdef \"/MYIP/10.0.0.1/\"\n\"sip:MYIP:5060\" MYIP 'MYIP'"),
            (Texts{"sip:10.0.0.1:5060", "10", ".", "0", ".", "0", ".", "1", "10.0.0.1"}));
}

TEST(Preprocessor, SubstdefsQuotesTheDefineValue) {
  TempConfigDir dir;
  Config config = dir.load("#!substdefs \"/NAME/kemid-1/\"\nlog_name=NAME");
  EXPECT_EQ(config.core.logName, "kemid-1");
}

TEST(Preprocessor, SubstWithGlobalFlagAndBackReference) {
  EXPECT_EQ(tokenTexts("#!subst \"/a(b)/<\\1>/g\"\n\"abab\" ; \"xab\""),
            (Texts{"<b><b>", ";", "x<b>"}));
  EXPECT_EQ(tokenTexts("#!subst \"/a/A/\"\n\"aaa\""), (Texts{"Aaa"}));
}

TEST(Preprocessor, IncludeIsResolvedRelativeToTheIncludingFile) {
  TempConfigDir dir;
  dir.write("conf.d/listen.cfg", "listen=udp:127.0.0.1:5070\ninclude_file \"more/children.cfg\"\n");
  dir.write("conf.d/more/children.cfg", "children=2\n");
  Config config = dir.load("include_file \"conf.d/listen.cfg\"\nport=5071\n");
  ASSERT_EQ(config.core.listen.size(), 1u);
  EXPECT_EQ(config.core.listen[0].port, 5070);
  EXPECT_EQ(config.core.listen[0].where.file, dir.path("conf.d/listen.cfg"));
  EXPECT_EQ(config.core.listen[0].where.line, 1);
  EXPECT_EQ(config.core.children, 2);
  EXPECT_EQ(config.core.port, 5071);
}

TEST(Preprocessor, HashBangIncludeAndImportForms) {
  TempConfigDir dir;
  dir.write("a.cfg", "children=6\n");
  dir.write("b.cfg", "debug=2\n");
  Config config = dir.load("#!include_file \"a.cfg\"\n!!import_file \"b.cfg\"\n");
  EXPECT_EQ(config.core.children, 6);
  EXPECT_EQ(config.core.debug, 2);
}

TEST(Preprocessor, ImportOfAMissingFileIsSilentlyIgnored) {
  TempConfigDir dir;
  Config config = dir.load("import_file \"nosuch.cfg\"\n#!import_file \"nosuch2.cfg\"\nchildren=3");
  EXPECT_EQ(config.core.children, 3);
}

TEST(Preprocessor, IncludeNameGoesThroughSubst) {
  TempConfigDir dir;
  dir.write("site-a.cfg", "children=9\n");
  Config config = dir.load("#!substdef \"/SITE/a/\"\ninclude_file \"site-SITE.cfg\"\n");
  EXPECT_EQ(config.core.children, 9);
}

TEST(Preprocessor, LineNumbersInAnIncludedFileAreItsOwn) {
  TempConfigDir dir;
  dir.write("inc.cfg", "\n\nchildren=\"4\"\n");
  EXPECT_EQ(dir.error("debug=1\ninclude_file \"inc.cfg\"\n"),
            "inc.cfg:3:10: expected a number after 'children =', found string \"4\"");
}

TEST(Preprocessor, IncludeDepthIsLimitedToTen) {
  TempConfigDir dir;
  for (int i = 1; i <= 11; ++i) {
    dir.write("f" + std::to_string(i) + ".cfg",
              i < 11 ? "include_file \"f" + std::to_string(i + 1) + ".cfg\"\n" : "debug=1\n");
  }
  EXPECT_EQ(dir.error("include_file \"f1.cfg\"\n"),
            "f10.cfg:1:1: include files are nested deeper than 10 levels");
  dir.write("f10.cfg", "debug=2\n");
  EXPECT_EQ(dir.load("include_file \"f1.cfg\"\n").core.debug, 2);
}

// An include of something endless (a device, a log) is refused at a cap
// instead of reading until memory runs out.
TEST(Preprocessor, AnEndlessIncludeIsRefusedWithItsLine) {
  TempConfigDir dir;
  EXPECT_EQ(dir.error("debug=1\ninclude_file \"/dev/zero\"\n"),
            "kemid.cfg:2:1: cannot read included file '/dev/zero': larger than 16 MiB");
}

}  // namespace
}  // namespace kemid::cfg
