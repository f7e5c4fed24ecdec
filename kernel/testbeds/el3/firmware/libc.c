// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The few C library routines the compiler may call on its own in a
 * freestanding build (struct copies and initialisers).
 */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t len);
void *memmove(void *dst, const void *src, size_t len);
void *memset(void *dst, int c, size_t len);
int memcmp(const void *a, const void *b, size_t len);
size_t strlen(const char *s);

void *memcpy(void *dst, const void *src, size_t len)
{
	volatile unsigned char *d = dst;	/* volatile: no self-recursion */
	const unsigned char *s = src;

	while (len-- > 0U) {
		*d++ = *s++;
	}
	return dst;
}

void *memmove(void *dst, const void *src, size_t len)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		while (len-- > 0U) {
			*d++ = *s++;
		}
	} else {
		while (len > 0U) {
			len--;
			d[len] = s[len];
		}
	}
	return dst;
}

void *memset(void *dst, int c, size_t len)
{
	volatile unsigned char *d = dst;

	while (len-- > 0U) {
		*d++ = (unsigned char)c;
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a, *y = b;

	for (; len > 0U; len--, x++, y++) {
		if (*x != *y) {
			return (int)*x - (int)*y;
		}
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}
