#include "init.hpp"

#include "db.hpp"
#include "embedded.hpp"
#include "error.hpp"

namespace tally {

InitReport init_database(const std::string& path, const std::string& actor) {
  auto db = Database::open(path, OpenMode::create);
  InitReport report;
  report.path = path;
  report.created = db->report().created;
  report.from_version = db->report().from_version;
  report.to_version = db->report().to_version;
  report.migrations = db->report().migrations;
  report.org = write(*db, [&] { return load_org_chart(*db, actor, embedded::org_chart_json()); });
  return report;
}

}  // namespace tally
