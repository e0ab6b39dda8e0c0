// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mirror.h"

static int cmp_kv(const void *a, const void *b)
{
	const struct etcd_kv *x = a, *y = b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);

	if (c)
		return c;
	return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

void podold_mirror_free(struct podold_mirror *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		etcd_kv_free(&m->v[i]);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

void podold_mirror_load(struct podold_mirror *m, struct etcd_kvs *kvs)
{
	podold_mirror_free(m);
	m->v = kvs->v;
	m->n = kvs->n;
	m->cap = kvs->n;
	m->revision = kvs->revision;
	kvs->v = NULL;
	kvs->n = 0;
	/* etcd lists in key order already; sorting again costs nothing. */
	qsort(m->v, m->n, sizeof(*m->v), cmp_kv);
}

size_t podold_mirror_seek(const struct podold_mirror *m, const char *key)
{
	struct etcd_kv probe = { .key = (char *)key, .key_len = strlen(key) };
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_kv(&m->v[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool at(const struct podold_mirror *m, size_t i, const struct etcd_kv *kv)
{
	return i < m->n && !cmp_kv(&m->v[i], kv);
}

const struct etcd_kv *podold_mirror_get(const struct podold_mirror *m,
					const char *key)
{
	size_t i = podold_mirror_seek(m, key);
	struct etcd_kv probe = { .key = (char *)key, .key_len = strlen(key) };

	return at(m, i, &probe) ? &m->v[i] : NULL;
}

int podold_mirror_apply(struct podold_mirror *m, struct etcd_event *ev)
{
	struct etcd_kv *kv = &ev->kv;
	size_t i, lo = 0, hi = m->n, mid;
	void *p;

	/* Keys may hold NUL bytes: search by bytes, not by string. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_kv(&m->v[mid], kv) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = lo;
	if (kv->mod_rev > m->revision)
		m->revision = kv->mod_rev;
	if (ev->deleted) {
		if (!at(m, i, kv))
			return 0;
		etcd_kv_free(&m->v[i]);
		memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
		m->n--;
		return 0;
	}
	if (at(m, i, kv)) {
		etcd_kv_free(&m->v[i]);
		m->v[i] = *kv;
		memset(kv, 0, sizeof(*kv));
		return 0;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;

		p = realloc(m->v, cap * sizeof(*m->v));
		if (!p)
			return -ENOMEM;
		m->v = p;
		m->cap = cap;
	}
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
	m->v[i] = *kv;
	memset(kv, 0, sizeof(*kv));
	m->n++;
	return 0;
}
