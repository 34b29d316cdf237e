#include "context.hpp"
#include "error.hpp"
#include "users.hpp"

#include <limits>
#include <memory>

namespace tally::cli {

namespace {

std::vector<Column> token_columns() {
  return {{"id", "id"},
          {"user", "user"},
          {"label", "label"},
          {"created_at", "created at"},
          {"expires_at", "expires at"},
          {"last_used_at", "last used"},
          {"revoked", "revoked"}};
}

}  // namespace

void setup_token(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "token", "API tokens of users for `tally serve` (stored hashed, shown once)");
  noun->footer(
      "A token acts as its user, with the user's roles, until it expires or is revoked; a disabled user's\n"
      "tokens are refused. Send it as `Authorization: Bearer tly_...`.\n");

  auto new_token = std::make_shared<NewToken>();
  CLI::App* create = add_verb(*noun, "create", "Create a token for a user and print its secret (only this once)",
                              "tally token create ana --label \"dock scanner\" --days 30");
  create->add_option("user", new_token->user, "The user it acts as")->required();
  create->add_option("--label", new_token->label, "What it is for (kept in the list)");
  create
      ->add_option("--expires", new_token->expires_at,
                   "Expiry: a date (valid to the end of that day, UTC) or YYYY-MM-DDTHH:MM:SSZ (default: "
                   "90 days from now)")
      ->option_text("DATE");
  add_quantity(*create, "--days", new_token->days, "Expiry in days from now", 1, 3660);
  registry.add(create, [new_token](Context& ctx) {
    const NewToken& token = *new_token;
    const CreatedToken created = create_token(ctx.db(), ctx.actor(), token);
    Record record;
    record.fields = {{"id", created.id},
                     {"user", user_by_name(ctx.db(), token.user).name},
                     {"expires_at", created.expires_at},
                     {"secret", created.secret}};
    ctx.print(record);
    ctx.note("token create: the secret is not shown again; keep it now (tally stores only its hash)");
  });

  auto owner = std::make_shared<std::optional<std::string>>();
  CLI::App* list =
      add_verb(*noun, "list", "List tokens (never their secrets), of every user or of one", "tally token list ana");
  list->add_option("user", *owner, "Only this user's tokens");
  registry.add(list, [owner](Context& ctx) {
    Table table;
    table.columns = token_columns();
    for (const auto& token : list_tokens(ctx.db(), *owner)) {
      table.rows.push_back(token_json(token));
    }
    ctx.print(table);
  });

  auto id = std::make_shared<std::string>();
  CLI::App* revoke =
      add_verb(*noun, "revoke", "Revoke a token for good (`token list` shows the ids)", "tally token revoke 3");
  revoke->add_option("id", *id, "The token's id")->required();
  registry.add(revoke, [id](Context& ctx) {
    const auto number = parse_bounded(*id, 1, std::numeric_limits<std::int64_t>::max());
    if (!number) {
      throw Error(Problem::invalid, "token revoke: '" + visible_text(*id) + "' is not a token id (a number)", "token");
    }
    revoke_token(ctx.db(), ctx.actor(), *number);
    ctx.note("token revoke: token " + std::to_string(*number) + " is revoked");
  });
}

}  // namespace tally::cli
