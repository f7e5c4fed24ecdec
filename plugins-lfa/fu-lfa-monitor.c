/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fwupdplugin.h>

#include <errno.h>
#include <glib-unix.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fu-lfa-monitor.h"

/*
 * Listens for the uevent the kernel's lfa driver emits after each settled
 * inventory refresh: one KOBJ_CHANGE on the platform device it is bound to
 * (SUBSYSTEM=platform, DRIVER=lfa), whatever caused the refresh (a platform
 * notification of a newly staged image, an auto-activation, an activation
 * written to sysfs by someone else).
 *
 * fwupd's own udev backend would deliver it to backend_device_changed, but in
 * fwupd 2.0.20 built against libusb older than 1.0.27 (Debian 12 has 1.0.26)
 * libusb_init() has already taken the netlink port the backend binds to
 * (getpid()), the backend fails with "bind to udev socket failed: Address
 * already in use" and the daemon gets no uevents at all (fwupd issue 8083,
 * fixed after 2.0.20 by creating the udev backend first). So the plugin opens
 * its own socket on the kernel's group, which needs no udevd, and lets the
 * kernel choose the port.
 */

/* multicast group of NETLINK_KOBJECT_UEVENT on which the kernel sends; udevd uses 2 */
#define FU_LFA_MONITOR_GROUP_KERNEL 1

/* the kernel's uevent buffer is 2048 bytes, plus the "ACTION@DEVPATH" header */
#define FU_LFA_MONITOR_BUFSZ 8192

struct _FuLfaMonitor {
	GObject parent_instance;
	gint fd;
	GSource *source;
};

enum { SIGNAL_CHANGED, SIGNAL_LAST };

static guint signals[SIGNAL_LAST] = {0};

G_DEFINE_TYPE(FuLfaMonitor, fu_lfa_monitor, G_TYPE_OBJECT)

/**
 * fu_lfa_monitor_is_inventory_event:
 * @buf: a message from the kernel's uevent group
 * @bufsz: its size
 *
 * A kernel uevent is `ACTION@DEVPATH` followed by `KEY=VALUE` strings, each
 * NUL-terminated. The lfa driver's is a change on a platform device that is
 * bound to it; the device name differs between ACPI, devicetree and testbeds,
 * so only the action, the subsystem and the driver are matched.
 *
 * Returns: %TRUE if the kernel re-read the LFA inventory
 **/
gboolean
fu_lfa_monitor_is_inventory_event(const gchar *buf, gsize bufsz)
{
	gboolean is_change = FALSE;
	gboolean is_platform = FALSE;
	gboolean is_lfa = FALSE;

	for (gsize i = 0; i < bufsz;) {
		const gchar *str = buf + i;
		gsize len = strnlen(str, bufsz - i);
		if (len == bufsz - i)
			break;
		if (g_strcmp0(str, "ACTION=change") == 0)
			is_change = TRUE;
		else if (g_strcmp0(str, "SUBSYSTEM=platform") == 0)
			is_platform = TRUE;
		else if (g_strcmp0(str, "DRIVER=lfa") == 0)
			is_lfa = TRUE;
		i += len + 1;
	}
	return is_change && is_platform && is_lfa;
}

static gboolean
fu_lfa_monitor_read_cb(gint fd, GIOCondition condition, gpointer user_data)
{
	FuLfaMonitor *self = FU_LFA_MONITOR(user_data);
	gchar buf[FU_LFA_MONITOR_BUFSZ] = {0};
	gssize len;

	len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (len < 0) {
		/* the socket overflowed: the event we wait for may have been dropped */
		if (errno == ENOBUFS) {
			g_info("uevents were dropped, rescanning the LFA inventory to be sure");
			g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
		}
		return G_SOURCE_CONTINUE;
	}
	if (fu_lfa_monitor_is_inventory_event(buf, (gsize)len)) {
		g_info("the kernel re-read the LFA inventory");
		g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
	}
	return G_SOURCE_CONTINUE;
}

/**
 * fu_lfa_monitor_start:
 * @self: a #FuLfaMonitor
 * @error: (nullable): optional return location for an error
 *
 * Opens the uevent socket and watches it from the default main context; the
 * ::changed signal is emitted for each inventory refresh of the kernel.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_monitor_start(FuLfaMonitor *self, GError **error)
{
	/* nl_pid 0: the kernel picks a free port, unlike getpid() which libusb may hold */
	struct sockaddr_nl nls = {
	    .nl_family = AF_NETLINK,
	    .nl_pid = 0,
	    .nl_groups = FU_LFA_MONITOR_GROUP_KERNEL,
	};

	g_return_val_if_fail(FU_IS_LFA_MONITOR(self), FALSE);
	g_return_val_if_fail(self->fd < 0, FALSE);

	self->fd =
	    socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
	if (self->fd < 0) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "failed to open the uevent socket: %s",
			    fwupd_strerror(errno));
		return FALSE;
	}
	if (bind(self->fd, (struct sockaddr *)&nls, sizeof(nls)) < 0) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "failed to bind the uevent socket: %s",
			    fwupd_strerror(errno));
		close(self->fd);
		self->fd = -1;
		return FALSE;
	}
	self->source = g_unix_fd_source_new(self->fd, G_IO_IN);
	g_source_set_static_name(self->source, "lfa-uevent");
	g_source_set_callback(self->source, G_SOURCE_FUNC(fu_lfa_monitor_read_cb), self, NULL);
	g_source_attach(self->source, NULL);
	return TRUE;
}

static void
fu_lfa_monitor_init(FuLfaMonitor *self)
{
	self->fd = -1;
}

static void
fu_lfa_monitor_finalize(GObject *object)
{
	FuLfaMonitor *self = FU_LFA_MONITOR(object);
	if (self->source != NULL) {
		g_source_destroy(self->source);
		g_source_unref(self->source);
	}
	if (self->fd >= 0)
		close(self->fd);
	G_OBJECT_CLASS(fu_lfa_monitor_parent_class)->finalize(object);
}

static void
fu_lfa_monitor_class_init(FuLfaMonitorClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->finalize = fu_lfa_monitor_finalize;

	/**
	 * FuLfaMonitor::changed:
	 * @self: the #FuLfaMonitor instance that emitted the signal
	 *
	 * The kernel re-read the LFA inventory, or uevents were dropped.
	 **/
	signals[SIGNAL_CHANGED] = g_signal_new("changed",
					       G_TYPE_FROM_CLASS(object_class),
					       G_SIGNAL_RUN_LAST,
					       0,
					       NULL,
					       NULL,
					       g_cclosure_marshal_VOID__VOID,
					       G_TYPE_NONE,
					       0);
}

/**
 * fu_lfa_monitor_new:
 *
 * Returns: (transfer full): a new #FuLfaMonitor, not yet started
 **/
FuLfaMonitor *
fu_lfa_monitor_new(void)
{
	return g_object_new(FU_TYPE_LFA_MONITOR, NULL);
}
