# The Debian package, made from the built tree by CPack's DEB generator:
#   cpack -G DEB --config build/CPackConfig.cmake   (README, "Install as a Debian package")
# It holds what `cmake --install` installs, under /usr, with the binary
# stripped and no debug-symbols package; dpkg-shlibdeps computes Depends from
# the shared libraries the binary links (shlibs).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tally)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "inventory and asset tracker over one SQLite file")
set(CPACK_PACKAGE_DESCRIPTION
    "Tally tracks an infrastructure organisation's equipment from purchase
order to disposal: receiving by serial or barcode scanner, tagged assets
by owning team, racks, repairs, RMAs, licenses, bulk stock, vendor
contracts, audits, labels and reports. It is one command over one SQLite
file, with an append-only history of every change.")
set(TALLY_DEB_MAINTAINER "Tally maintainers <maintainers@users.noreply.b-seed-659849ae.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TALLY_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_THREADS 0)
# Strips .comment and .note, adds the changelog and the lintian overrides.
set(CPACK_PRE_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/cmake/deb_staging.cmake")
set(CPACK_TALLY_SOURCE_DIR "${PROJECT_SOURCE_DIR}")
include(CPack)
