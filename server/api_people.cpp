// /api/v1/people: the HTTP face of `tally person ...` (cli/cmd_person.cpp), over src/people.cpp.
#include "forms.hpp"
#include "people.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Json rows = Json::array();
  for (const auto& p : list_people(call.db(), call.query("team"))) {
    rows.push_back(person_json(p));
  }
  return list_reply(call, rows, "username");
}

Reply show(Call& call) {
  return record_reply(person_record(show_person(call.db(), call.path("username"))));
}

Reply add(Call& call) {
  NewPerson person;
  person.username = call.required_text("username");
  person.name = call.required_text("name");
  person.email = call.text("email");
  person.team = call.required_text("team");
  return record_reply(Record{person_json(add_person(call.db(), call.actor().name, person)), {}}, 201);
}

Reply set(Call& call) {
  PersonEdit edit;
  edit.username = call.path("username");
  edit.name = call.text("name");
  edit.email = call.text("email");
  edit.team = call.text("team");
  return record_reply(Record{person_json(set_person(call.db(), call.actor().name, edit)), {}});
}

Handler set_active(bool active) {
  return [active](Call& call) {
    return record_reply(person_record(
        set_person_active(call.db(), call.actor().name, call.path("username"), active, call.text("reason"))));
  };
}

}  // namespace

void add_people_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/people",
                    Capability::read,
                    "List people (team: that unit and the units below it)",
                    {"team", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/people",
                    Capability::administer,
                    "Add a person to a team",
                    {},
                    {"username", "name", "email", "team"},
                    add});
  routes.push_back({Method::get,
                    "/api/v1/people/{username}",
                    Capability::read,
                    "A person with the assets in their custody and their license seats",
                    {},
                    {},
                    show});
  routes.push_back({Method::post,
                    "/api/v1/people/{username}/set",
                    Capability::administer,
                    "Change a person's name, email (\"\" clears it) or team",
                    {},
                    {"name", "email", "team"},
                    set});
  routes.push_back({Method::post,
                    "/api/v1/people/{username}/deactivate",
                    Capability::administer,
                    "Mark a leaver: no new assets or seats; the answer lists what they still hold",
                    {},
                    {"reason"},
                    set_active(false)});
  routes.push_back({Method::post,
                    "/api/v1/people/{username}/activate",
                    Capability::administer,
                    "Take a deactivated person back",
                    {},
                    {"reason"},
                    set_active(true)});
}

}  // namespace tally::server
