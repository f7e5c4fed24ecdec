// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * PL011 output and a small formatter for the firmware log.
 */
#include <stdarg.h>

#include "arch.h"
#include "console.h"
#include "platform_def.h"
#include "spinlock.h"

#define UART_DR		U(0x000)
#define UART_FR		U(0x018)
#define UART_FR_TXFF	(U(1) << 5)
#define UART_FR_BUSY	(U(1) << 3)

#define LOG_LINE_MAX	256

/* serialises whole lines from different CPUs */
static struct spinlock console_lock;
static bool console_ns_copy;

static void uart_putc(u64 base, char c)
{
	while ((mmio_read_32(base + UART_FR) & UART_FR_TXFF) != 0U) {
		;
	}
	mmio_write_32(base + UART_DR, (u32)(unsigned char)c);
}

static void uart_puts(u64 base, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			uart_putc(base, '\r');
		}
		uart_putc(base, *s);
	}
}

static void uart_flush(u64 base)
{
	while ((mmio_read_32(base + UART_FR) & UART_FR_BUSY) != 0U) {
		;
	}
}

void console_init(void)
{
	/* QEMU's PL011 transmits without programming; a real one needs CR/baud */
	console_ns_copy = true;
}

void console_ns_release(void)
{
	spin_lock(&console_lock);
	uart_flush(PLAT_NS_UART_BASE);
	console_ns_copy = false;
	spin_unlock(&console_lock);
}

struct outbuf {
	char *buf;
	size_t len;
	size_t pos;
};

static void out_char(struct outbuf *o, char c)
{
	if (o->pos + 1U < o->len) {
		o->buf[o->pos++] = c;
	}
}

static void out_number(struct outbuf *o, unsigned long long v, unsigned int base,
		       bool negative, unsigned int width, char pad)
{
	char digits[24];
	unsigned int n = 0;

	do {
		unsigned int d = (unsigned int)(v % base);

		digits[n++] = (char)((d < 10U) ? ('0' + d) : ('a' + d - 10U));
		v /= base;
	} while (v != 0ULL);
	if (negative) {
		digits[n++] = '-';
	}
	while (width > n) {
		out_char(o, pad);
		width--;
	}
	while (n > 0U) {
		out_char(o, digits[--n]);
	}
}

static void format(struct outbuf *o, const char *fmt, va_list ap)
{
	for (; *fmt != '\0'; fmt++) {
		unsigned int width = 0, longs = 0;
		char pad = ' ';
		unsigned long long uv;
		long long sv;

		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9') {
			width = width * 10U + (unsigned int)(*fmt - '0');
			fmt++;
		}
		while (*fmt == 'l' || *fmt == 'z') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (s == NULL) {
				s = "(null)";
			}
			while (*s != '\0') {
				out_char(o, *s++);
			}
			break;
		}
		case 'c':
			out_char(o, (char)va_arg(ap, int));
			break;
		case 'd':
			sv = (longs > 0U) ? va_arg(ap, long long) : va_arg(ap, int);
			uv = (sv < 0) ? (unsigned long long)(-(sv + 1)) + 1ULL :
					(unsigned long long)sv;
			out_number(o, uv, 10U, sv < 0, width, pad);
			break;
		case 'u':
		case 'x':
			uv = (longs > 0U) ? va_arg(ap, unsigned long long) :
					    va_arg(ap, unsigned int);
			out_number(o, uv, (*fmt == 'u') ? 10U : 16U, false,
				   width, pad);
			break;
		case 'p':
			out_char(o, '0');
			out_char(o, 'x');
			out_number(o, (unsigned long long)(u64)va_arg(ap, void *),
				   16U, false, 0U, ' ');
			break;
		case '%':
			out_char(o, '%');
			break;
		default:
			/* unknown conversion: show it rather than guess */
			out_char(o, '%');
			if (*fmt == '\0') {
				return;
			}
			out_char(o, *fmt);
			break;
		}
	}
}

size_t el3_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	struct outbuf o = { buf, len, 0 };
	va_list ap;

	if (len == 0U) {
		return 0;
	}
	va_start(ap, fmt);
	format(&o, fmt, ap);
	va_end(ap);
	buf[o.pos] = '\0';
	return o.pos;
}

void el3_log(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	struct outbuf o = { line, sizeof(line), 0 };
	unsigned int cpu = (unsigned int)(read_sysreg(mpidr_el1) & 0xffU);
	va_list ap;

	out_char(&o, 'e');
	out_char(&o, 'l');
	out_char(&o, '3');
	out_char(&o, '[');
	out_number(&o, cpu, 10U, false, 0U, ' ');
	out_char(&o, ']');
	out_char(&o, ' ');
	va_start(ap, fmt);
	format(&o, fmt, ap);
	va_end(ap);
	if (o.pos > 0U && line[o.pos - 1U] != '\n') {
		if (o.pos + 1U >= o.len) {
			o.pos--;
		}
		line[o.pos++] = '\n';
	}
	line[o.pos] = '\0';

	spin_lock(&console_lock);
	uart_puts(PLAT_SEC_UART_BASE, line);
	if (console_ns_copy) {
		uart_puts(PLAT_NS_UART_BASE, line);
	}
	spin_unlock(&console_lock);
}
