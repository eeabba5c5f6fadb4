/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_crypto.c - k6/crypto on OpenSSL's libcrypto (hashes, HMAC, random
 * bytes) and the global WebCrypto subset `crypto` (getRandomValues,
 * randomUUID), which polyfill.c installs on first use like its other lazy
 * globals, so a script that does not touch it pays one global slot.
 *
 * Digests are fetched once per process.  MD4 lives in OpenSSL's legacy
 * provider: it is loaded into a private library context on first use (never
 * into the default one, which libcurl's TLS shares).  The static binary does
 * not try: the provider is a shared module linked against libcrypto.so and
 * libc.so, which must not be loaded into a static process; there, and where
 * the module is missing, md4 throws a clear error.
 * RIPEMD-160 is in the default provider since OpenSSL 3.0.7.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "js_int.h"
#include "lg/b64.h"
#include "lg_config.h"
#include "polyfill_int.h"

#define K_HASHER DUK_HIDDEN_SYMBOL("lgHasher")
#define K_PROTO DUK_HIDDEN_SYMBOL("lgHasherProto")
#define MAX_RANDOM_BYTES (64u << 20)

enum alg {
	A_MD4,
	A_MD5,
	A_SHA1,
	A_SHA256,
	A_SHA384,
	A_SHA512,
	A_SHA512_224,
	A_SHA512_256,
	A_RMD160
};

static const struct {
	const char *name;    /* k6's */
	const char *openssl; /* OpenSSL's */
} algs[] = {
	[A_MD4] = { "md4", "MD4" },
	[A_MD5] = { "md5", "MD5" },
	[A_SHA1] = { "sha1", "SHA1" },
	[A_SHA256] = { "sha256", "SHA2-256" },
	[A_SHA384] = { "sha384", "SHA2-384" },
	[A_SHA512] = { "sha512", "SHA2-512" },
	[A_SHA512_224] = { "sha512_224", "SHA2-512/224" },
	[A_SHA512_256] = { "sha512_256", "SHA2-512/256" },
	[A_RMD160] = { "ripemd160", "RIPEMD-160" },
};

#define N_ALGS (sizeof(algs) / sizeof(algs[0]))

/* Fetched once per process, never freed (OpenSSL objects are thread-safe to share). */
static struct {
	pthread_once_t once;
	EVP_MD *md[N_ALGS];
	EVP_MAC *hmac;
	pthread_once_t legacy_once;
	OSSL_LIB_CTX *legacy; /* default + legacy providers, for md4 */
	EVP_MD *md4;
	EVP_MAC *legacy_hmac;
} lib = { PTHREAD_ONCE_INIT, { NULL }, NULL, PTHREAD_ONCE_INIT, NULL, NULL, NULL };

static void fetch_default(void)
{
	for (size_t i = 0; i < N_ALGS; i++)
		if (i != A_MD4)
			lib.md[i] = EVP_MD_fetch(NULL, algs[i].openssl, NULL);
	lib.hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

static void fetch_legacy(void)
{
	if (LG_STATIC)
		return;
	lib.legacy = OSSL_LIB_CTX_new();
	if (!lib.legacy)
		return;
	if (!OSSL_PROVIDER_load(lib.legacy, "default") || !OSSL_PROVIDER_load(lib.legacy, "legacy"))
		return;
	lib.md4 = EVP_MD_fetch(lib.legacy, "MD4", NULL);
	lib.legacy_hmac = EVP_MAC_fetch(lib.legacy, "HMAC", NULL);
}

/* The algorithm named by the argument at idx; throws for unknown or unavailable ones. */
static enum alg alg_arg(duk_context *ctx, duk_idx_t idx, EVP_MD **md, EVP_MAC **hmac)
{
	const char *name = duk_is_string(ctx, idx) ? duk_get_string(ctx, idx) : NULL;

	for (size_t i = 0; name && i < N_ALGS; i++) {
		if (strcmp(algs[i].name, name) != 0)
			continue;
		if (i == A_MD4) {
			pthread_once(&lib.legacy_once, fetch_legacy);
			*md = lib.md4;
			*hmac = lib.legacy_hmac;
		} else {
			pthread_once(&lib.once, fetch_default);
			*md = lib.md[i];
			*hmac = lib.hmac;
		}
		if (!*md || !*hmac)
			(void)duk_error(ctx, DUK_ERR_ERROR,
			                "%s is not available in this build (OpenSSL has no %s%s)",
			                name, algs[i].openssl,
			                i == A_MD4 ? "; its legacy provider could not be loaded"
			                           : "");
		return (enum alg)i;
	}
	(void)duk_error(ctx, DUK_ERR_ERROR,
	                "Invalid algorithm: %s (use md4, md5, sha1, sha256, sha384, sha512, "
	                "sha512_224, sha512_256 or ripemd160)",
	                name ? name : duk_safe_to_string(ctx, idx));
	return A_MD5;
}

/* Push the digest in the output encoding named at enc_idx (k6's names). */
static void push_encoded(duk_context *ctx, const unsigned char *d, size_t n, duk_idx_t enc_idx)
{
	static const struct {
		const char *name;
		enum lg_b64 v;
	} b64s[] = {
		{ "base64", LG_B64_STD },
		{ "base64url", LG_B64_URL },
		{ "base64rawurl", LG_B64_RAWURL },
	};
	const char *enc = duk_is_string(ctx, enc_idx) ? duk_get_string(ctx, enc_idx) : NULL;

	if (enc && strcmp(enc, "hex") == 0) {
		static const char hex[] = "0123456789abcdef";
		char *s = duk_push_fixed_buffer(ctx, 2 * n);
		for (size_t i = 0; i < n; i++) {
			s[2 * i] = hex[d[i] >> 4];
			s[2 * i + 1] = hex[d[i] & 15];
		}
		duk_push_lstring(ctx, s, 2 * n);
		duk_remove(ctx, -2);
		return;
	}
	if (enc && strcmp(enc, "binary") == 0) {
		lg__js_push_arraybuffer(ctx, d, n);
		return;
	}
	for (size_t i = 0; enc && i < LG_ARRAY_SIZE(b64s); i++) {
		if (strcmp(enc, b64s[i].name) == 0) {
			char *s = duk_push_fixed_buffer(ctx, lg_b64_encoded_len(n, b64s[i].v) + 1);
			size_t len = lg_b64_encode(d, n, s, b64s[i].v);
			duk_push_lstring(ctx, s, len);
			duk_remove(ctx, -2);
			return;
		}
	}
	(void)duk_error(ctx, DUK_ERR_ERROR,
	                "Invalid output encoding: %s (use hex, base64, base64url, base64rawurl or "
	                "binary)",
	                enc ? enc : duk_safe_to_string(ctx, enc_idx));
}

/* ---- hashers: createHash / createHMAC objects ----------------------------- */

struct hasher {
	EVP_MD_CTX *md;   /* a hash, or */
	EVP_MAC_CTX *mac; /* an HMAC */
};

static void hasher_free(struct hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->md);
	EVP_MAC_CTX_free(h->mac);
	free(h);
}

/* A new hasher for (alg at alg_idx[, key at key_idx]); throws on failure. */
static struct hasher *hasher_new(duk_context *ctx, duk_idx_t alg_idx, duk_idx_t key_idx)
{
	EVP_MD *md = NULL;
	EVP_MAC *hmac = NULL;
	enum alg a = alg_arg(ctx, alg_idx, &md, &hmac);
	size_t klen = 0;
	const void *key = key_idx < 0 ? NULL : lg__js_bytes(ctx, key_idx, &klen, "the HMAC secret");
	struct hasher *h = lg_xcalloc(1, sizeof(*h));
	bool ok;

	if (key_idx < 0) {
		h->md = EVP_MD_CTX_new();
		ok = h->md && EVP_DigestInit_ex(h->md, md, NULL);
	} else {
		OSSL_PARAM params[2];

		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		                                             (char *)algs[a].openssl, 0);
		params[1] = OSSL_PARAM_construct_end();
		h->mac = EVP_MAC_CTX_new(hmac);
		ok = h->mac && EVP_MAC_init(h->mac, klen ? key : (const void *)"", klen, params);
	}
	if (!ok) {
		hasher_free(h);
		(void)duk_error(ctx, DUK_ERR_ERROR, "%s: OpenSSL cannot start the %s", algs[a].name,
		                key_idx < 0 ? "hash" : "HMAC");
	}
	return h;
}

static void hasher_update(duk_context *ctx, struct hasher *h, duk_idx_t idx)
{
	size_t n;
	const void *p = lg__js_bytes(ctx, idx, &n, "the input");
	bool ok = h->md ? EVP_DigestUpdate(h->md, p, n) : EVP_MAC_update(h->mac, p, n);

	if (!ok)
		(void)duk_error(ctx, DUK_ERR_ERROR, "OpenSSL failed to update the hash");
}

/* Push the digest so far, encoded; the hasher can go on (Go's Sum does not reset). */
static void hasher_digest(duk_context *ctx, struct hasher *h, duk_idx_t enc_idx)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	size_t n = 0;
	bool ok;

	if (h->md) {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		unsigned int len = 0;
		ok = c && EVP_MD_CTX_copy_ex(c, h->md) && EVP_DigestFinal_ex(c, d, &len);
		n = len;
		EVP_MD_CTX_free(c);
	} else {
		EVP_MAC_CTX *c = EVP_MAC_CTX_dup(h->mac);
		ok = c && EVP_MAC_final(c, d, &n, sizeof(d));
		EVP_MAC_CTX_free(c);
	}
	if (!ok)
		(void)duk_error(ctx, DUK_ERR_ERROR, "OpenSSL failed to finish the hash");
	push_encoded(ctx, d, n, enc_idx);
}

/* The hasher of `this`; TypeError for other objects. */
static struct hasher *this_hasher(duk_context *ctx)
{
	struct hasher *h;

	duk_push_this(ctx);
	duk_get_prop_literal(ctx, -1, K_HASHER);
	h = duk_get_pointer(ctx, -1);
	duk_pop_2(ctx);
	if (!h)
		(void)duk_type_error(ctx, "not a Hasher (made by createHash or createHMAC)");
	return h;
}

/* hasher.update(input) -> the hasher */
static duk_ret_t n_update(duk_context *ctx)
{
	hasher_update(ctx, this_hasher(ctx), 0);
	duk_push_this(ctx);
	return 1;
}

/* hasher.digest(outputEncoding) */
static duk_ret_t n_digest(duk_context *ctx)
{
	hasher_digest(ctx, this_hasher(ctx), 0);
	return 1;
}

static duk_ret_t hasher_finalizer(duk_context *ctx)
{
	duk_get_prop_literal(ctx, 0, K_HASHER);
	hasher_free(duk_get_pointer(ctx, -1));
	duk_pop(ctx);
	duk_push_pointer(ctx, NULL);
	duk_put_prop_literal(ctx, 0, K_HASHER);
	return 0;
}

/* Push a Hasher object owning h (freed by its finalizer). */
static void push_hasher(duk_context *ctx, struct hasher *h)
{
	duk_push_object(ctx);
	duk_push_pointer(ctx, h);
	duk_put_prop_literal(ctx, -2, K_HASHER);
	duk_push_c_lightfunc(ctx, hasher_finalizer, 1, 1, 0);
	duk_set_finalizer(ctx, -2);
	/* the prototype with update and digest, made once per heap */
	duk_push_global_stash(ctx);
	if (!duk_get_prop_literal(ctx, -1, K_PROTO)) {
		duk_pop(ctx);
		duk_push_object(ctx);
		duk_push_c_lightfunc(ctx, n_update, 1, 1, 0);
		duk_put_prop_literal(ctx, -2, "update");
		duk_push_c_lightfunc(ctx, n_digest, 1, 1, 0);
		duk_put_prop_literal(ctx, -2, "digest");
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, -3, K_PROTO);
	}
	duk_set_prototype(ctx, -3);
	duk_pop(ctx);
}

/* createHash(alg) */
static duk_ret_t n_create_hash(duk_context *ctx)
{
	push_hasher(ctx, hasher_new(ctx, 0, -1));
	return 1;
}

/* createHMAC(alg, secret) */
static duk_ret_t n_create_hmac(duk_context *ctx)
{
	push_hasher(ctx, hasher_new(ctx, 0, 1));
	return 1;
}

/*
 * One-shot hash or HMAC: the hasher lives in a Hasher object while input and
 * output are converted, so a throw (bad input type, bad encoding) frees it.
 */
static duk_ret_t one_shot(duk_context *ctx, duk_idx_t alg, duk_idx_t key, duk_idx_t in,
                          duk_idx_t enc)
{
	struct hasher *h = hasher_new(ctx, alg, key);

	push_hasher(ctx, h);
	hasher_update(ctx, h, in);
	hasher_digest(ctx, h, enc);
	return 1;
}

/* md5(input, enc), sha256(input, enc)...: the algorithm is the magic */
static duk_ret_t n_hash(duk_context *ctx)
{
	duk_push_string(ctx, algs[duk_get_current_magic(ctx)].name);
	return one_shot(ctx, 2, -1, 0, 1);
}

/* hmac(alg, secret, input, enc) */
static duk_ret_t n_hmac(duk_context *ctx)
{
	return one_shot(ctx, 0, 1, 2, 3);
}

/* randomBytes(n) -> ArrayBuffer */
static duk_ret_t n_random_bytes(duk_context *ctx)
{
	double n = duk_to_number(ctx, 0);
	void *p;

	if (!(n >= 1) || n > MAX_RANDOM_BYTES || n != (double)(size_t)n)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "invalid size: randomBytes() takes a whole number of bytes from 1 "
		                 "to %u, got %s",
		                 MAX_RANDOM_BYTES, duk_safe_to_string(ctx, 0));
	p = duk_push_fixed_buffer(ctx, (size_t)n);
	if (RAND_bytes(p, (int)n) != 1)
		return duk_error(ctx, DUK_ERR_ERROR, "randomBytes: OpenSSL has no random bytes");
	duk_push_buffer_object(ctx, -1, 0, (duk_size_t)n, DUK_BUFOBJ_ARRAYBUFFER);
	return 1;
}

/* hexEncode(data) -> string */
static duk_ret_t n_hex_encode(duk_context *ctx)
{
	size_t n;
	const void *p = lg__js_bytes(ctx, 0, &n, "hexEncode: the data");

	duk_push_string(ctx, "hex");
	push_encoded(ctx, p, n, -1);
	return 1;
}

void lg__js_crypto_natives(duk_context *ctx)
{
	static const struct {
		const char *name;
		duk_c_function fn;
		int nargs;
	} fns[] = {
		{ "createHash", n_create_hash, 1 },
		{ "createHMAC", n_create_hmac, 2 },
		{ "hmac", n_hmac, 4 },
		{ "randomBytes", n_random_bytes, 1 },
		{ "hexEncode", n_hex_encode, 1 },
	};

	duk_push_object(ctx);
	for (size_t i = 0; i < LG_ARRAY_SIZE(fns); i++) {
		duk_push_c_lightfunc(ctx, fns[i].fn, fns[i].nargs, fns[i].nargs, 0);
		duk_put_prop_string(ctx, -2, fns[i].name);
	}
	for (size_t i = 0; i < N_ALGS; i++) {
		duk_push_c_lightfunc(ctx, n_hash, 2, 2, (duk_int_t)i);
		duk_put_prop_string(ctx, -2, algs[i].name);
	}
}

/* ---- the global `crypto` (WebCrypto subset) -------------------------------- */

/* crypto.getRandomValues(typedArray) -> typedArray, filled */
static duk_ret_t n_get_random_values(duk_context *ctx)
{
	static const char *const rejected[] = { "Float32Array", "Float64Array", "DataView",
		                                "ArrayBuffer" };
	duk_size_t n = 0;
	void *p;

	if (!duk_is_buffer_data(ctx, 0) || !duk_is_object(ctx, 0))
		return duk_type_error(ctx,
		                      "crypto.getRandomValues: the argument must be an integer "
		                      "typed array (Uint8Array, Int32Array...)");
	for (size_t i = 0; i < LG_ARRAY_SIZE(rejected); i++) {
		bool is;
		duk_get_global_string(ctx, rejected[i]);
		is = duk_is_object(ctx, -1) && duk_instanceof(ctx, 0, -1);
		duk_pop(ctx);
		if (is)
			return duk_type_error(
			    ctx,
			    "crypto.getRandomValues: TypeMismatchError: a %s is not "
			    "an integer typed array",
			    rejected[i]);
	}
	p = duk_get_buffer_data(ctx, 0, &n);
	if (n > 65536)
		return duk_error(ctx, DUK_ERR_RANGE_ERROR,
		                 "crypto.getRandomValues: QuotaExceededError: %lu bytes asked, the "
		                 "limit is 65536",
		                 (unsigned long)n);
	if (n && RAND_bytes(p, (int)n) != 1)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "crypto.getRandomValues: OpenSSL has no random bytes");
	duk_dup(ctx, 0);
	return 1;
}

/* crypto.randomUUID() -> "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (RFC 9562 version 4) */
static duk_ret_t n_random_uuid(duk_context *ctx)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	char s[37];
	size_t o = 0;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "crypto.randomUUID: OpenSSL has no random bytes");
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			s[o++] = '-';
		s[o++] = hex[b[i] >> 4];
		s[o++] = hex[b[i] & 15];
	}
	s[o] = '\0';
	duk_push_string(ctx, s);
	return 1;
}

void lg__js_install_crypto_global(duk_context *ctx)
{
	static const duk_function_list_entry natives[] = {
		{ "getRandomValues", n_get_random_values, 1 },
		{ "randomUUID", n_random_uuid, 0 },
		{ NULL, NULL, 0 },
	};

	duk_push_object(ctx);
	lg__js_put_lightfuncs(ctx, natives);
	lg__pf_put_global(ctx, "crypto");
}
