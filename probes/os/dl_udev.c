// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libudev on first use (probes/os/dl.h): the functions probes/udev.c calls,
 * with libudev.h's prototypes. Without the library udev_new() returns NULL
 * and the probe reads the tree's uevent files and /run/udev/data instead.
 */
#include <errno.h>
#include <libudev.h>
#include <pthread.h>

#include "probes/os/dl.h"

#define UDEV_SYMS(X)                                                                               \
	X(udev_new)                                                                                \
	X(udev_unref)                                                                              \
	X(udev_device_new_from_subsystem_sysname)                                                  \
	X(udev_device_unref)                                                                       \
	X(udev_device_get_devnode)                                                                 \
	X(udev_device_get_is_initialized)

DL_DEFINE(udev, DL_UDEV, "libudev.so.1", "libudev1",
	  "udev's own view of the TPM devices (their devnode and database entry)", UDEV_SYMS)

struct udev *udev_new(void)
{
	if (!dl_udev_ready()) {
		errno = ENOPKG;
		return NULL;
	}
	return DL_FN(udev, udev_new)();
}

struct udev *udev_unref(struct udev *udev)
{
	return udev ? DL_CALL(udev, udev_unref, NULL, udev) : NULL;
}

struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *udev, const char *subsystem,
							   const char *sysname)
{
	return DL_CALL(udev, udev_device_new_from_subsystem_sysname, NULL, udev, subsystem,
		       sysname);
}

struct udev_device *udev_device_unref(struct udev_device *udev_device)
{
	return udev_device ? DL_CALL(udev, udev_device_unref, NULL, udev_device) : NULL;
}

const char *udev_device_get_devnode(struct udev_device *udev_device)
{
	return DL_CALL(udev, udev_device_get_devnode, NULL, udev_device);
}

int udev_device_get_is_initialized(struct udev_device *udev_device)
{
	return DL_CALL(udev, udev_device_get_is_initialized, -ENOPKG, udev_device);
}
