// SPDX-License-Identifier: GPL-2.0
/*
 * Distinguished Names as IKE identities (ID_DER_ASN1_DN): ipsec.conf
 * writes them as strongSwan prints them ("C=CH, O=Linux strongSwan,
 * CN=carol@strongswan.org"), the wire carries DER, and two DNs are the
 * same when OpenSSL's canonical comparison says so (case, blanks and
 * string types aside), which is how a text rightid= matches the DER
 * subject a peer's certificate gives.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/x509.h>

#include "ca.h"

/*
 * strongSwan's attribute names as OpenSSL knows them: short names in
 * any case ("cn", "Ou"), E and S for emailAddress and ST.
 */
static const char *attr_name(char *key)
{
	if (!strcasecmp(key, "E") || !strcasecmp(key, "email"))
		return "emailAddress";
	if (!strcasecmp(key, "S"))
		return "ST";
	if (strlen(key) <= 2)
		for (char *p = key; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	return key;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* "KEY=VALUE" into name; false when it is not one OpenSSL knows. */
static bool add_rdn(X509_NAME *name, char *rdn)
{
	char *eq = strchr(rdn, '='), *key, *val;

	if (!eq)
		return false;
	*eq = '\0';
	key = trim(rdn);
	val = trim(eq + 1);
	return *key && *val &&
	       X509_NAME_add_entry_by_txt(name, attr_name(key), MBSTRING_UTF8,
					  (const unsigned char *)val, -1, -1, 0);
}

int ca_name_to_der(const void *x509_name, uint8_t **der, size_t *len)
{
	const X509_NAME *name = x509_name;
	unsigned char *out = NULL;
	int n = i2d_X509_NAME(name, &out);

	if (n <= 0)
		return -1;
	*der = out;
	*len = (size_t)n;
	return 0;
}

int ca_dn_from_text(const char *text, uint8_t **der, size_t *len)
{
	X509_NAME *name = X509_NAME_new();
	char *copy = strdup(text), *rdn, *save = NULL;
	bool ok = name && copy;
	int n = 0, ret = -1;

	for (rdn = ok ? strtok_r(copy, ",", &save) : NULL; ok && rdn;
	     rdn = strtok_r(NULL, ",", &save), n++)
		ok = add_rdn(name, rdn);
	if (ok && n)
		ret = ca_name_to_der(name, der, len);
	free(copy);
	X509_NAME_free(name);
	return ret;
}

bool ca_dn_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	const unsigned char *pa = a, *pb = b;
	X509_NAME *na = d2i_X509_NAME(NULL, &pa, (long)alen);
	X509_NAME *nb = d2i_X509_NAME(NULL, &pb, (long)blen);
	bool eq = na && nb && pa == a + alen && pb == b + blen &&
		  !X509_NAME_cmp(na, nb);

	X509_NAME_free(na);
	X509_NAME_free(nb);
	return eq;
}

bool ca_dn_text(const uint8_t *der, size_t len, char *buf, size_t buflen)
{
	const unsigned char *p = der;
	X509_NAME *name = d2i_X509_NAME(NULL, &p, (long)len);

	if (!name || p != der + len) {
		X509_NAME_free(name);
		return false;
	}
	ca_name_text(name, buf, buflen);
	X509_NAME_free(name);
	return true;
}
