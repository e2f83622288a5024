# Packaging: the service files, config files and docs an installed kemid
# needs, and CPack settings for a .deb and an .rpm. Included at the end of
# the top CMakeLists.txt. packaging/build-packages.sh configures one build
# directory per package format, because the binary embeds its module
# directory (lib/<multiarch> for Debian, lib64 for RPM).

set(KEMID_PACKAGE_FORMAT "deb" CACHE STRING "Layout of the installed service files: deb or rpm")
set_property(CACHE KEMID_PACKAGE_FORMAT PROPERTY STRINGS deb rpm)
if(NOT KEMID_PACKAGE_FORMAT MATCHES "^(deb|rpm)$")
  message(FATAL_ERROR "KEMID_PACKAGE_FORMAT must be deb or rpm, not '${KEMID_PACKAGE_FORMAT}'")
endif()

set(KEMID_PACKAGE_RELEASE 1)
set(KEMID_CONF_DIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/kemid")
set(KEMID_SBIN "${CMAKE_INSTALL_FULL_SBINDIR}/kemid")
set(KEMID_DOC_DIR "${CMAKE_INSTALL_DATADIR}/doc/kemid")
# Debian keeps service settings in /etc/default, Red Hat in /etc/sysconfig;
# the unit reads the one of its family.
if(KEMID_PACKAGE_FORMAT STREQUAL "rpm")
  set(KEMID_DEFAULTS_FILE "${CMAKE_INSTALL_FULL_SYSCONFDIR}/sysconfig/kemid")
else()
  set(KEMID_DEFAULTS_FILE "${CMAKE_INSTALL_FULL_SYSCONFDIR}/default/kemid")
endif()
# Debian 12 still ships units in /lib/systemd/system (its lintian flags
# /usr/lib/systemd/system); RPM distributions use /usr/lib/systemd/system.
# Relative (to the prefix) where possible: CPack RPM marks every file with
# an absolute destination %config, and a unit is not a config file.
if(KEMID_PACKAGE_FORMAT STREQUAL "deb" AND CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_kemid_unit_dir_default "/lib/systemd/system")
else()
  set(_kemid_unit_dir_default "lib/systemd/system")
endif()
# -DKEMID_SYSTEMD_UNIT_DIR=... overrides (not a cache default: it depends on
# KEMID_PACKAGE_FORMAT).
if(NOT KEMID_SYSTEMD_UNIT_DIR)
  set(KEMID_SYSTEMD_UNIT_DIR "${_kemid_unit_dir_default}")
endif()

set(_pkg_src "${CMAKE_CURRENT_LIST_DIR}")
set(_pkg_out "${CMAKE_BINARY_DIR}/packaging")
configure_file("${_pkg_src}/systemd/kemid.service.in" "${_pkg_out}/kemid.service" @ONLY)
configure_file("${_pkg_src}/default/kemid.in" "${_pkg_out}/kemid.default" @ONLY)
configure_file("${_pkg_src}/etc/kemid.cfg.in" "${_pkg_out}/kemid.cfg" @ONLY)
configure_file("${_pkg_src}/deb/conffiles.in" "${_pkg_out}/deb/conffiles" @ONLY)

# Man pages and the Debian changelog are installed gzip-compressed (Debian
# policy 12.1, 12.7); -n keeps the package reproducible.
set(_kemid_man_pages kemid.8)
if(TARGET kemictl)
  list(APPEND _kemid_man_pages kemictl.8)
endif()
set(_kemid_gz_files)
foreach(page IN LISTS _kemid_man_pages)
  add_custom_command(
    OUTPUT "${_pkg_out}/${page}.gz"
    COMMAND gzip -9nc "${_pkg_src}/man/${page}" > "${_pkg_out}/${page}.gz"
    DEPENDS "${_pkg_src}/man/${page}"
    VERBATIM)
  list(APPEND _kemid_gz_files "${_pkg_out}/${page}.gz")
  install(FILES "${_pkg_out}/${page}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man8")
endforeach()
add_custom_command(
  OUTPUT "${_pkg_out}/changelog.Debian.gz"
  COMMAND gzip -9nc "${_pkg_src}/doc/changelog" > "${_pkg_out}/changelog.Debian.gz"
  DEPENDS "${_pkg_src}/doc/changelog"
  VERBATIM)
list(APPEND _kemid_gz_files "${_pkg_out}/changelog.Debian.gz")
add_custom_target(kemid_packaging_files ALL DEPENDS ${_kemid_gz_files})

# Config files: conffiles (deb) / %config(noreplace) (rpm) below, so an
# upgrade keeps local edits.
install(FILES "${_pkg_out}/kemid.cfg" "${PROJECT_SOURCE_DIR}/lua/route.lua"
        DESTINATION "${KEMID_CONF_DIR}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
get_filename_component(_kemid_defaults_dir "${KEMID_DEFAULTS_FILE}" DIRECTORY)
install(FILES "${_pkg_out}/kemid.default" DESTINATION "${_kemid_defaults_dir}" RENAME kemid
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES "${_pkg_out}/kemid.service" DESTINATION "${KEMID_SYSTEMD_UNIT_DIR}"
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${_pkg_src}/doc/copyright"
        DESTINATION "${KEMID_DOC_DIR}")
install(FILES "${PROJECT_SOURCE_DIR}/etc/kemid.cfg" "${PROJECT_SOURCE_DIR}/etc/kemid.yaml"
              "${PROJECT_SOURCE_DIR}/lua/route.lua"
        DESTINATION "${KEMID_DOC_DIR}/examples")
if(KEMID_PACKAGE_FORMAT STREQUAL "deb")
  install(FILES "${_pkg_out}/changelog.Debian.gz" DESTINATION "${KEMID_DOC_DIR}")
  install(FILES "${_pkg_src}/deb/lintian-overrides" DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides"
          RENAME kemid)
endif()

# ---- CPack -----------------------------------------------------------------
set(CPACK_PACKAGE_NAME "kemid")
set(CPACK_PACKAGE_VENDOR "kemid developers")
# Debian wants a reachable address (lintian: bogus-mail-host); set it for a
# release build with -DKEMID_PACKAGE_MAINTAINER=...
set(KEMID_PACKAGE_MAINTAINER "kemid developers <kemid@example.com>" CACHE STRING
    "Maintainer field of the packages")
set(CPACK_PACKAGE_CONTACT "${KEMID_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SIP proxy compatible with Kamailio configurations and Lua scripts")
set(CPACK_PACKAGE_DESCRIPTION
    "kemid is a SIP proxy for deployments of Kamailio. It reads kamailio.cfg\n"
    "(or the same settings in YAML), loads plugins that mirror Kamailio's\n"
    "modules (tm, sl, rr, siputils, sanity, textops, xlog, acc, app_lua and\n"
    "more) and runs Lua routing scripts through the same KSR functions (KEMI).")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/cpack")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR "")

# Debian
set(CPACK_DEBIAN_PACKAGE_RELEASE "${KEMID_PACKAGE_RELEASE}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libkemid_core.so is private (lib/<multiarch>/kemid, found through
# RUNPATH): dpkg-shlibdeps must find it in the build tree, not in a package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${CMAKE_BINARY_DIR}/lib")
# adduser: postinst creates the kemid user; init-system-helpers:
# deb-systemd-helper/-invoke in the maintainer scripts.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${_pkg_src}/deb/postinst;${_pkg_src}/deb/prerm;${_pkg_src}/deb/postrm;${_pkg_out}/deb/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# RPM
set(CPACK_RPM_PACKAGE_RELEASE "${KEMID_PACKAGE_RELEASE}")
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Proprietary")
set(CPACK_RPM_PACKAGE_GROUP "System Environment/Daemons")
set(CPACK_RPM_PACKAGE_URL "https://localhost/kemid")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
# The package provides its private libkemid_core.so itself, so the
# automatic requirement on it resolves.
set(CPACK_RPM_PACKAGE_AUTOPROV ON)
set(CPACK_RPM_PACKAGE_REQUIRES_PRE "shadow-utils")
set(CPACK_RPM_PRE_INSTALL_SCRIPT_FILE "${_pkg_src}/rpm/pre.sh")
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE "${_pkg_src}/rpm/post.sh")
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE "${_pkg_src}/rpm/preun.sh")
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE "${_pkg_src}/rpm/postun.sh")
set(CPACK_RPM_USER_FILELIST
    "%config(noreplace) ${KEMID_CONF_DIR}/kemid.cfg"
    "%config(noreplace) ${KEMID_CONF_DIR}/route.lua"
    "%config(noreplace) ${KEMID_DEFAULTS_FILE}")
# Directories owned by the filesystem/systemd packages, not by kemid.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    "${CMAKE_INSTALL_FULL_SYSCONFDIR}/sysconfig"
    "${CMAKE_INSTALL_FULL_SBINDIR}"
    "${CMAKE_INSTALL_FULL_MANDIR}"
    "${CMAKE_INSTALL_FULL_MANDIR}/man8"
    "${CMAKE_INSTALL_PREFIX}/lib/systemd"
    "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")

include(CPack)
