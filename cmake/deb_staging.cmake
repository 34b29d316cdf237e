# Run by CPack (CPACK_PRE_BUILD_SCRIPTS, cmake/package.cmake) on the staged
# files of the Debian package, after `cmake --install` put them there and
# before the .deb is made: what Debian's own tooling would add.
set(root "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
if(NOT EXISTS "${root}/bin/tally")
  message(FATAL_ERROR "deb_staging.cmake: no ${root}/bin/tally")
endif()

# Strip like dh_strip: CPACK_STRIP_FILES leaves the .comment and .note sections.
file(GLOB modules "${root}/lib/tally/modules/*.so")
execute_process(COMMAND strip --remove-section=.comment --remove-section=.note --strip-unneeded "${root}/bin/tally"
                        ${modules}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "strip failed (${rc})")
endif()

# A native package's changelog, in Debian's format (SOURCE_DATE_EPOCH, when
# set, fixes the date).
set(doc "${root}/share/doc/${CPACK_PACKAGE_NAME}")
string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${doc}/changelog"
     "${CPACK_PACKAGE_NAME} (${CPACK_PACKAGE_VERSION}) unstable; urgency=medium\n\n"
     "  * Package built from the source tree with CPack (README.md, \"Install as a\n"
     "    Debian package\"); the history of the code is the repository's git log.\n\n"
     " -- ${CPACK_DEBIAN_PACKAGE_MAINTAINER}  ${date}\n")
execute_process(COMMAND gzip -9n "${doc}/changelog" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip of the changelog failed (${rc})")
endif()

# lintian's findings that stay, each with its reason (packaging/lintian-overrides).
# (file(COPY_FILE), not file(INSTALL), which would add CPack's DESTDIR again.)
set(overrides "${root}/share/lintian/overrides/${CPACK_PACKAGE_NAME}")
file(MAKE_DIRECTORY "${root}/share/lintian/overrides")
file(COPY_FILE "${CPACK_TALLY_SOURCE_DIR}/packaging/lintian-overrides" "${overrides}")
file(CHMOD "${overrides}" "${doc}/changelog.gz" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
