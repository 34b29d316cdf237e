#include "error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace tally {
namespace {

// A face that says a field as <name> and an operation as [words].
MessageFace bracket_face() {
  MessageFace face;
  face.field = [](std::string_view field) { return "<" + std::string(field) + ">"; };
  face.command = [](std::string_view words) { return "[" + std::string(words) + "]"; };
  return face;
}

TEST(ErrorMarks, RenderMessageSaysFieldsAndCommandsInTheFacesTerms) {
  const std::string message = "license add: " + field_ref("seats") + " 0 must be positive (`" +
                              command_ref("license set LIC-1 " + field_ref("expires_on") + " DATE") + "`)";
  EXPECT_EQ(render_message(message, bracket_face()),
            "license add: <seats> 0 must be positive (`[license set LIC-1 <expires_on> DATE]`)");
  EXPECT_EQ(plain_message(message), "license add: seats 0 must be positive (`license set LIC-1 expires_on DATE`)");
}

TEST(ErrorMarks, AFaceWithoutFunctionsSaysBareNamesAndWords) {
  EXPECT_EQ(render_message(field_ref("quantity") + " and " + command_ref("po list"), MessageFace{}),
            "quantity and po list");
  EXPECT_EQ(plain_message("no marks at all"), "no marks at all");
  EXPECT_EQ(plain_message(""), "");
}

TEST(ErrorMarks, AStrayMarkCharacterIsInertAndSwallowsNothing) {
  // A value holding one mark character (an opening without its closing, or a
  // closing alone) is copied as it is: no crash, no text lost.
  const std::string open_field = std::string("tag '") + '\x1e' + "X' " + field_ref("serial") + " after";
  EXPECT_EQ(render_message(open_field, bracket_face()), std::string("tag '") + '\x1e' + "X' <serial> after");
  const std::string open_command = "value " + std::string(1, '\x1c') + " then text";
  EXPECT_EQ(render_message(open_command, bracket_face()), open_command);
  const std::string closings = std::string("a") + '\x1f' + "b" + '\x1d' + "c";
  EXPECT_EQ(render_message(closings, bracket_face()), closings);
  EXPECT_EQ(plain_message(std::string(1, '\x1e')), std::string(1, '\x1e'));
}

TEST(ErrorMarks, ErrorKeepsTheMarksInRawAndThePlainTextInWhat) {
  const Error e(Problem::invalid, "receive: " + field_ref("quantity") + " 0 must be positive", "quantity");
  EXPECT_STREQ(e.what(), "receive: quantity 0 must be positive");
  EXPECT_EQ(e.raw(), "receive: " + field_ref("quantity") + " 0 must be positive");
  EXPECT_EQ(e.kind(), ErrorKind::refused);
  EXPECT_EQ(e.problem(), Problem::invalid);
  EXPECT_EQ(e.field(), "quantity");
}

TEST(ErrorMarks, WithPrefixKeepsKindProblemFieldAndMarks) {
  const Error found = not_found("no license LIC-9 (`" + command_ref("license list") + "` shows them)", "license");
  const Error prefixed = with_prefix("license show: ", found);
  EXPECT_EQ(prefixed.kind(), ErrorKind::refused);
  EXPECT_EQ(prefixed.problem(), Problem::not_found);
  EXPECT_EQ(prefixed.field(), "license");
  EXPECT_EQ(prefixed.raw(), "license show: " + found.raw());
  EXPECT_STREQ(prefixed.what(), "license show: no license LIC-9 (`license list` shows them)");
  EXPECT_EQ(render_message(prefixed.raw(), bracket_face()),
            "license show: no license LIC-9 (`[license list]` shows them)");

  const Error busy(ErrorKind::storage, "locked; wait longer with " + field_ref("busy_timeout"), Cause::busy);
  const Error again = with_prefix("import: ", busy);
  EXPECT_EQ(again.kind(), ErrorKind::storage);
  EXPECT_EQ(again.cause(), Cause::busy);
  EXPECT_STREQ(again.what(), "import: locked; wait longer with busy_timeout");

  const Error conflicted = with_prefix("a: ", conflict("full", "line"));
  EXPECT_EQ(conflicted.problem(), Problem::conflict);
  EXPECT_EQ(conflicted.field(), "line");
}

}  // namespace
}  // namespace tally
