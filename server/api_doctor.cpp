// /api/v1/doctor (admin): the HTTP face of `tally doctor` (cli/cmd_doctor.cpp), over src/doctor.cpp.
#include "doctor.hpp"
#include "forms.hpp"
#include "reply.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

// The checks' rows as a page; a failing check answers 200 with its rows marked "failed" (the CLI
// prints the same rows, then exits 1).
Reply doctor(Call& call) {
  const std::vector<DoctorCheck> checks = run_doctor_checks(call.db());
  return table_reply(call, doctor_table(checks, [](std::string_view detail) { return api_text(detail); }), "");
}

}  // namespace

void add_doctor_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/doctor",
                    Capability::administer,
                    "Check the database: integrity, foreign keys, schema version, triggers and Tally's invariants "
                    "(never writes)",
                    {"limit", "after"},
                    {},
                    doctor});
}

}  // namespace tally::server
