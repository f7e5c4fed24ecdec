// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The FUSE front end of lfa-sysfs-emulator: maps paths under the mount
 * point to the driver, its module parameters, firmware-upload and
 * sim-control files, with sysfs
 * semantics (content generated at open, one store per write, EACCES for the
 * wrong direction, no caching so that directories appear and vanish at once).
 */
#define FUSE_USE_VERSION 31

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "emu.h"

#define EMU_UPLOAD_PREFIX "lfa-"

enum emu_node_kind {
	EMU_NODE_DIR,
	EMU_NODE_IMAGE_ATTR,
	EMU_NODE_UPLOAD_ATTR,
	EMU_NODE_SIM_ATTR,
	EMU_NODE_PARAM,
};

enum emu_dir {
	EMU_DIR_ROOT,
	EMU_DIR_FIRMWARE,
	EMU_DIR_LFA,
	EMU_DIR_IMAGE,
	EMU_DIR_CLASS,
	EMU_DIR_CLASS_FIRMWARE,
	EMU_DIR_UPLOAD,
	EMU_DIR_KERNEL,
	EMU_DIR_SIM,
	EMU_DIR_MODULE,
	EMU_DIR_MODULE_LFA,
	EMU_DIR_PARAMS,
};

struct emu_node {
	enum emu_node_kind kind;
	enum emu_dir dir;
	char guid[37];
	char attr[32];
	int mode;
};

/* an open file: the content as it was at open, like a sysfs seq_file */
struct emu_open {
	struct emu_node node;
	char *content;
	size_t len;
};

static time_t emu_start_time;

static struct emu *
emu_get(void)
{
	return fuse_get_context()->private_data;
}

static bool
emu_in_list(const char *const *list, const char *name)
{
	for (guint i = 0; list[i] != NULL; i++) {
		if (!strcmp(list[i], name))
			return true;
	}
	return false;
}

static bool
emu_has_image(struct emu *emu, const char *guid)
{
	bool found;

	pthread_mutex_lock(&emu->lock);
	found = g_hash_table_contains(emu->images, guid);
	pthread_mutex_unlock(&emu->lock);
	return found;
}

static bool
emu_has_upload(struct emu *emu, const char *guid)
{
	bool found;

	pthread_mutex_lock(&emu->lock);
	found = g_hash_table_contains(emu->uploads, guid);
	pthread_mutex_unlock(&emu->lock);
	return found;
}

static bool
emu_copy_name(char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return false;
	strcpy(dst, src);
	return true;
}

/* path -> node; 0 or -ENOENT */
static int
emu_resolve(struct emu *emu, const char *path, struct emu_node *node)
{
	g_auto(GStrv) parts = g_strsplit(path + 1, "/", -1);
	guint n = path[1] == '\0' ? 0 : g_strv_length(parts);

	memset(node, 0, sizeof(*node));
	node->kind = EMU_NODE_DIR;
	node->mode = S_IFDIR | 0755;
	if (n == 0) {
		node->dir = EMU_DIR_ROOT;
		return 0;
	}
	if (!strcmp(parts[0], "firmware")) {
		node->dir = EMU_DIR_FIRMWARE;
		if (n == 1)
			return 0;
		if (strcmp(parts[1], "lfa") != 0)
			return -ENOENT;
		node->dir = EMU_DIR_LFA;
		if (n == 2)
			return 0;
		if (!emu_copy_name(node->guid, sizeof(node->guid), parts[2]) ||
		    !emu_has_image(emu, node->guid))
			return -ENOENT;
		node->dir = EMU_DIR_IMAGE;
		if (n == 3)
			return 0;
		if (n > 4 || !emu_in_list(emu_image_attrs(emu), parts[3]))
			return -ENOENT;
		node->kind = EMU_NODE_IMAGE_ATTR;
		node->mode = S_IFREG | emu_image_attr_mode(parts[3]);
		return emu_copy_name(node->attr, sizeof(node->attr), parts[3]) ? 0 : -ENOENT;
	}
	if (!strcmp(parts[0], "class")) {
		node->dir = EMU_DIR_CLASS;
		if (n == 1)
			return 0;
		if (strcmp(parts[1], "firmware") != 0)
			return -ENOENT;
		node->dir = EMU_DIR_CLASS_FIRMWARE;
		if (n == 2)
			return 0;
		if (!g_str_has_prefix(parts[2], EMU_UPLOAD_PREFIX) ||
		    !emu_copy_name(node->guid, sizeof(node->guid),
				   parts[2] + strlen(EMU_UPLOAD_PREFIX)) ||
		    !emu_has_upload(emu, node->guid))
			return -ENOENT;
		node->dir = EMU_DIR_UPLOAD;
		if (n == 3)
			return 0;
		if (n > 4 || !emu_in_list(emu_upload_attrs, parts[3]))
			return -ENOENT;
		node->kind = EMU_NODE_UPLOAD_ATTR;
		node->mode = S_IFREG | emu_upload_attr_mode(parts[3]);
		return emu_copy_name(node->attr, sizeof(node->attr), parts[3]) ? 0 : -ENOENT;
	}
	if (!strcmp(parts[0], "kernel")) {
		node->dir = EMU_DIR_KERNEL;
		if (n == 1)
			return 0;
		if (strcmp(parts[1], "lfa_sim") != 0)
			return -ENOENT;
		node->dir = EMU_DIR_SIM;
		if (n == 2)
			return 0;
		if (n > 3)
			return -ENOENT;
		if (!strcmp(parts[2], "scenario"))
			node->mode = S_IFREG | 0644;
		else if (!strcmp(parts[2], "notify"))
			node->mode = S_IFREG | 0200;
		else
			return -ENOENT;
		node->kind = EMU_NODE_SIM_ATTR;
		return emu_copy_name(node->attr, sizeof(node->attr), parts[2]) ? 0 : -ENOENT;
	}
	if (!strcmp(parts[0], "module")) {
		node->dir = EMU_DIR_MODULE;
		if (n == 1)
			return 0;
		if (strcmp(parts[1], "lfa") != 0)
			return -ENOENT;
		node->dir = EMU_DIR_MODULE_LFA;
		if (n == 2)
			return 0;
		if (strcmp(parts[2], "parameters") != 0)
			return -ENOENT;
		node->dir = EMU_DIR_PARAMS;
		if (n == 3)
			return 0;
		if (n > 4 || !emu_in_list(emu_param_names, parts[3]))
			return -ENOENT;
		node->kind = EMU_NODE_PARAM;
		node->mode = S_IFREG | 0644;
		return emu_copy_name(node->attr, sizeof(node->attr), parts[3]) ? 0 : -ENOENT;
	}
	return -ENOENT;
}

static void *
emu_fuse_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	(void)conn;
	/*
	 * Sysfs content changes behind the reader's back, so no attributes,
	 * no negative entries and no data are cached: a new directory shows
	 * at once, and a stat or open below a vanished one comes here and
	 * fails with ENOENT. Positive entries are cached, which saves a
	 * LOOKUP per path component on every access (half the requests of a
	 * read); a stale one only means the next request fails properly.
	 */
	cfg->entry_timeout = 60;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->direct_io = 1;
	cfg->kernel_cache = 0;
	return fuse_get_context()->private_data;
}

static int
emu_fuse_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct emu_node node;
	int ret;

	(void)fi;
	ret = emu_resolve(emu_get(), path, &node);
	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->st_mode = node.mode;
	st->st_nlink = node.kind == EMU_NODE_DIR ? 2 : 1;
	st->st_uid = getuid();
	st->st_gid = getgid();
	/* sysfs attributes report a page; the binary data file reports 0 */
	st->st_size = (node.kind == EMU_NODE_DIR || !strcmp(node.attr, "data")) ? 0 : 4096;
	st->st_atime = st->st_mtime = st->st_ctime = emu_start_time;
	return 0;
}

static int
emu_fuse_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t offset,
		 struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct emu *emu = emu_get();
	struct emu_node node;
	int ret;

	(void)offset;
	(void)fi;
	(void)flags;
	ret = emu_resolve(emu, path, &node);
	if (ret)
		return ret;
	if (node.kind != EMU_NODE_DIR)
		return -ENOTDIR;
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	switch (node.dir) {
	case EMU_DIR_ROOT:
		fill(buf, "firmware", NULL, 0, 0);
		fill(buf, "class", NULL, 0, 0);
		fill(buf, "kernel", NULL, 0, 0);
		fill(buf, "module", NULL, 0, 0);
		break;
	case EMU_DIR_MODULE:
		fill(buf, "lfa", NULL, 0, 0);
		break;
	case EMU_DIR_MODULE_LFA:
		fill(buf, "parameters", NULL, 0, 0);
		break;
	case EMU_DIR_PARAMS:
		for (guint i = 0; emu_param_names[i] != NULL; i++)
			fill(buf, emu_param_names[i], NULL, 0, 0);
		break;
	case EMU_DIR_FIRMWARE:
		fill(buf, "lfa", NULL, 0, 0);
		break;
	case EMU_DIR_CLASS:
		fill(buf, "firmware", NULL, 0, 0);
		break;
	case EMU_DIR_KERNEL:
		fill(buf, "lfa_sim", NULL, 0, 0);
		break;
	case EMU_DIR_SIM:
		fill(buf, "scenario", NULL, 0, 0);
		fill(buf, "notify", NULL, 0, 0);
		break;
	case EMU_DIR_LFA:
		pthread_mutex_lock(&emu->lock);
		for (guint i = 0; i < emu->order->len; i++)
			fill(buf, g_ptr_array_index(emu->order, i), NULL, 0, 0);
		pthread_mutex_unlock(&emu->lock);
		break;
	case EMU_DIR_CLASS_FIRMWARE:
		pthread_mutex_lock(&emu->lock);
		for (guint i = 0; i < emu->upload_order->len; i++) {
			g_autofree char *name = g_strconcat(EMU_UPLOAD_PREFIX,
							    g_ptr_array_index(emu->upload_order, i),
							    NULL);

			fill(buf, name, NULL, 0, 0);
		}
		pthread_mutex_unlock(&emu->lock);
		break;
	case EMU_DIR_IMAGE: {
		const char *const *attrs = emu_image_attrs(emu);

		for (guint i = 0; attrs[i] != NULL; i++)
			fill(buf, attrs[i], NULL, 0, 0);
		break;
	}
	case EMU_DIR_UPLOAD:
		for (guint i = 0; emu_upload_attrs[i] != NULL; i++)
			fill(buf, emu_upload_attrs[i], NULL, 0, 0);
		break;
	}
	return 0;
}

static char *
emu_show(struct emu *emu, const struct emu_node *node, int *err)
{
	switch (node->kind) {
	case EMU_NODE_IMAGE_ATTR:
		return emu_image_show(emu, node->guid, node->attr, err);
	case EMU_NODE_UPLOAD_ATTR:
		return emu_upload_show(emu, node->guid, node->attr, err);
	case EMU_NODE_SIM_ATTR:
		return emu_sim_show(emu, node->attr, err);
	case EMU_NODE_PARAM:
		return emu_param_show(emu, node->attr, err);
	default:
		*err = -EISDIR;
		return NULL;
	}
}

static int
emu_fuse_open(const char *path, struct fuse_file_info *fi)
{
	struct emu *emu = emu_get();
	struct emu_open *of;
	struct emu_node node;
	int acc = fi->flags & O_ACCMODE;
	int ret;

	ret = emu_resolve(emu, path, &node);
	if (ret)
		return ret;
	if (node.kind == EMU_NODE_DIR)
		return -EISDIR;
	/* like kernfs: no reading a store-only file, no writing a show-only one */
	if ((acc == O_RDONLY || acc == O_RDWR) && !(node.mode & 0444))
		return -EACCES;
	if ((acc == O_WRONLY || acc == O_RDWR) && !(node.mode & 0222))
		return -EACCES;

	of = g_new0(struct emu_open, 1);
	of->node = node;
	if ((acc == O_RDONLY || acc == O_RDWR) && strcmp(node.attr, "data") != 0) {
		int err = 0;

		of->content = emu_show(emu, &node, &err);
		if (of->content == NULL) {
			g_free(of);
			return err ? err : -EIO;
		}
		of->len = strlen(of->content);
	}
	fi->fh = (uint64_t)(uintptr_t)of;
	fi->direct_io = 1;
	fi->nonseekable = 0;
	return 0;
}

static int
emu_fuse_read(const char *path, char *buf, size_t size, off_t offset,
	      struct fuse_file_info *fi)
{
	struct emu_open *of = (struct emu_open *)(uintptr_t)fi->fh;

	(void)path;
	if (of->node.kind == EMU_NODE_UPLOAD_ATTR && !strcmp(of->node.attr, "data"))
		return emu_upload_read_data(emu_get(), of->node.guid, buf, size, offset);
	if (of->content == NULL)
		return -EACCES;
	if (offset < 0 || (size_t)offset >= of->len)
		return 0;
	size = MIN(size, of->len - (size_t)offset);
	memcpy(buf, of->content + offset, size);
	return (int)size;
}

static int
emu_fuse_write(const char *path, const char *buf, size_t size, off_t offset,
	       struct fuse_file_info *fi)
{
	struct emu_open *of = (struct emu_open *)(uintptr_t)fi->fh;
	struct emu *emu = emu_get();

	(void)path;
	if (size > INT_MAX)
		return -EFBIG;
	switch (of->node.kind) {
	case EMU_NODE_IMAGE_ATTR:
		return emu_image_store(emu, of->node.guid, of->node.attr, buf, size);
	case EMU_NODE_UPLOAD_ATTR:
		return emu_upload_store(emu, of->node.guid, of->node.attr, buf, size, offset);
	case EMU_NODE_SIM_ATTR:
		return emu_sim_store(emu, of->node.attr, buf, size);
	case EMU_NODE_PARAM:
		return emu_param_store(emu, of->node.attr, buf, size);
	default:
		return -EISDIR;
	}
}

static int
emu_fuse_release(const char *path, struct fuse_file_info *fi)
{
	struct emu_open *of = (struct emu_open *)(uintptr_t)fi->fh;

	(void)path;
	if (of != NULL) {
		g_free(of->content);
		g_free(of);
	}
	return 0;
}

/* "> file" truncates first: fine for writable attributes, as in sysfs */
static int
emu_fuse_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct emu_node node;
	int ret;

	(void)size;
	(void)fi;
	ret = emu_resolve(emu_get(), path, &node);
	if (ret)
		return ret;
	if (node.kind == EMU_NODE_DIR)
		return -EISDIR;
	return (node.mode & 0222) ? 0 : -EACCES;
}

/* sysfs has a fixed set of files: creating one is not permitted */
static int
emu_fuse_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	g_autofree char *parent = g_path_get_dirname(path);
	struct emu_node node;
	int ret;

	(void)mode;
	(void)fi;
	ret = emu_resolve(emu_get(), parent, &node);
	if (ret)
		return ret;
	return node.kind == EMU_NODE_DIR ? -EACCES : -ENOTDIR;
}

static int
emu_fuse_refuse(const char *path)
{
	(void)path;
	return -EPERM;
}

static int
emu_fuse_refuse_mode(const char *path, mode_t mode)
{
	(void)mode;
	return emu_fuse_refuse(path);
}

static int
emu_fuse_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)fi;
	return emu_fuse_refuse_mode(path, mode);
}

static int
emu_fuse_rename(const char *from, const char *to, unsigned int flags)
{
	(void)to;
	(void)flags;
	return emu_fuse_refuse(from);
}

static const struct fuse_operations emu_fuse_ops = {
	.init = emu_fuse_init,
	.getattr = emu_fuse_getattr,
	.readdir = emu_fuse_readdir,
	.open = emu_fuse_open,
	.read = emu_fuse_read,
	.write = emu_fuse_write,
	.release = emu_fuse_release,
	.truncate = emu_fuse_truncate,
	.create = emu_fuse_create,
	.mkdir = emu_fuse_refuse_mode,
	.unlink = emu_fuse_refuse,
	.rmdir = emu_fuse_refuse,
	.chmod = emu_fuse_chmod,
	.rename = emu_fuse_rename,
};

int
emu_fuse_run(struct emu *emu, const char *root, bool foreground)
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	struct fuse *fuse;
	int ret = 1;

	emu_start_time = time(NULL);
	fuse_opt_add_arg(&args, "lfa-sysfs-emulator");
	fuse_opt_add_arg(&args, "-o");
	/* others (a test's fwupd) may only see it when allowed, as root */
	fuse_opt_add_arg(&args, geteuid() == 0 ?
			 "fsname=lfa-sysfs,subtype=lfa,default_permissions,allow_other" :
			 "fsname=lfa-sysfs,subtype=lfa,default_permissions");
	fuse = fuse_new(&args, &emu_fuse_ops, sizeof(emu_fuse_ops), emu);
	fuse_opt_free_args(&args);
	if (fuse == NULL) {
		fprintf(stderr, "lfa-sysfs-emulator: cannot create the FUSE instance\n");
		return 1;
	}
	if (fuse_mount(fuse, root) != 0) {
		fprintf(stderr, "lfa-sysfs-emulator: cannot mount on %s\n", root);
		goto out_destroy;
	}
	if (fuse_set_signal_handlers(fuse_get_session(fuse)) != 0) {
		fprintf(stderr, "lfa-sysfs-emulator: cannot set signal handlers\n");
		goto out_unmount;
	}
	/* mounted: the parent of a background daemon returns only now */
	if (fuse_daemonize(foreground) != 0)
		goto out_signals;
	if (emu_notify_start(emu) != 0) {
		fprintf(stderr, "lfa-sysfs-emulator: cannot start the notification thread\n");
		goto out_signals;
	}
	if (foreground) {
		printf("ready\n");
		fflush(stdout);
	}
	/* the loop returns the number of the signal that ended it */
	ret = fuse_loop_mt(fuse, 0);
	ret = (ret == 0 || ret == SIGTERM || ret == SIGINT || ret == SIGHUP) ? 0 : 1;
	emu_notify_stop(emu);
out_signals:
	fuse_remove_signal_handlers(fuse_get_session(fuse));
out_unmount:
	fuse_unmount(fuse);
out_destroy:
	fuse_destroy(fuse);
	return ret;
}
