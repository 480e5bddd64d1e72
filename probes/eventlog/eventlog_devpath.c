// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UEFI device paths (EFI_DEVICE_PATH_PROTOCOL: type, subtype, 16-bit
 * length, data) as the UEFI specification's text forms, for the nodes a
 * boot log holds: PciRoot/Pci, HD, file paths, MAC, URI, NVMe, SATA, USB,
 * the firmware volume nodes. Others are Path(TYPE,SUBTYPE). One table of
 * node kinds; each entry's minimum length is checked before its printer
 * reads a byte.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"

#define NODE_HEAD    4
#define END_TYPE     0x7f
#define END_ENTIRE   0xff
#define EISA_PNP(id) ((uint32_t)(id) << 16 | 0x41d0u)

typedef void node_fn(const uint8_t *d, size_t n, char *out, size_t cap);

static void n_pci(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "Pci(0x%x,0x%x)", d[1], d[0]);
}

static void n_ctrl(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "Ctrl(0x%x)", evlog_le32(d));
}

static void n_mmap(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "MemoryMapped(0x%x,0x%llx,0x%llx)", evlog_le32(d),
		      (unsigned long long)evlog_le64(d + 4),
		      (unsigned long long)evlog_le64(d + 12));
}

static void n_guid(const char *name, const uint8_t *d, char *out, size_t cap)
{
	char g[37];

	evlog_guid_text(d, g);
	evlog_appendf(out, cap, "%s(%s)", name, g);
}

static void n_venhw(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	n_guid("VenHw", d, out, cap);
}

static void n_acpi(const uint8_t *d, size_t n, char *out, size_t cap)
{
	uint32_t hid = evlog_le32(d), uid = evlog_le32(d + 4);

	(void)n;
	if (hid == EISA_PNP(0x0a03))
		evlog_appendf(out, cap, "PciRoot(0x%x)", uid);
	else if (hid == EISA_PNP(0x0a08))
		evlog_appendf(out, cap, "PcieRoot(0x%x)", uid);
	else if ((hid & 0xffff) == 0x41d0)
		evlog_appendf(out, cap, "Acpi(PNP%04X,0x%x)", hid >> 16, uid);
	else
		evlog_appendf(out, cap, "Acpi(0x%08x,0x%x)", hid, uid);
}

static void n_acpi_adr(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "AcpiAdr(0x%x)", evlog_le32(d));
}

static void n_ata(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "Ata(%s,%s,0x%x)", d[0] ? "Secondary" : "Primary",
		      d[1] ? "Slave" : "Master", evlog_le16(d + 2));
}

static void n_scsi(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "Scsi(0x%x,0x%x)", evlog_le16(d), evlog_le16(d + 2));
}

static void n_usb(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "USB(0x%x,0x%x)", d[0], d[1]);
}

static void n_mac(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t i, len = d[32] <= 1 ? 6 : 32; /* 0/1: Ethernet, a 6-byte address */

	(void)n;
	evlog_appendf(out, cap, "MAC(");
	for (i = 0; i < len; i++)
		evlog_appendf(out, cap, "%02x", d[i]);
	evlog_appendf(out, cap, ",0x%x)", d[32]);
}

/* Local address, remote address, ports, protocol, static: the remote first. */
static void n_ipv4(const uint8_t *d, size_t n, char *out, size_t cap)
{
	uint16_t proto = evlog_le16(d + 12);

	(void)n;
	evlog_appendf(out, cap, "IPv4(%u.%u.%u.%u,", d[4], d[5], d[6], d[7]);
	if (proto == 6 || proto == 17)
		evlog_appendf(out, cap, "%s", proto == 6 ? "TCP" : "UDP");
	else
		evlog_appendf(out, cap, "0x%x", proto);
	evlog_appendf(out, cap, ",%s,%u.%u.%u.%u)", d[14] ? "Static" : "DHCP", d[0], d[1], d[2],
		      d[3]);
}

static void n_ipv6(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t i;

	(void)n;
	evlog_appendf(out, cap, "IPv6(");
	for (i = 16; i < 32; i += 2)
		evlog_appendf(out, cap, "%s%x", i > 16 ? ":" : "", d[i] << 8 | d[i + 1]);
	evlog_appendf(out, cap, ")");
}

static void n_venmsg(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	n_guid("VenMsg", d, out, cap);
}

static void n_sata(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "Sata(0x%x,0x%x,0x%x)", evlog_le16(d), evlog_le16(d + 2),
		      evlog_le16(d + 4));
}

static void n_nvme(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t i;

	(void)n;
	evlog_appendf(out, cap, "NVMe(0x%x,", evlog_le32(d));
	for (i = 0; i < 8; i++)
		evlog_appendf(out, cap, "%s%02X", i ? "-" : "", d[4 + i]);
	evlog_appendf(out, cap, ")");
}

static void n_uri(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t i;

	evlog_appendf(out, cap, "Uri(");
	for (i = 0; i < n; i++)
		evlog_appendf(out, cap, "%c", d[i] >= 0x20 && d[i] < 0x7f ? d[i] : '?');
	evlog_appendf(out, cap, ")");
}

static void n_hd(const uint8_t *d, size_t n, char *out, size_t cap)
{
	unsigned long long start = evlog_le64(d + 4), size = evlog_le64(d + 12);
	char g[37];

	(void)n;
	if (d[37] == 2) { /* GPT: the partition's GUID */
		evlog_guid_text(d + 20, g);
		evlog_appendf(out, cap, "HD(%u,GPT,%s,0x%llx,0x%llx)", evlog_le32(d), g, start,
			      size);
	} else if (d[37] == 1) {
		evlog_appendf(out, cap, "HD(%u,MBR,0x%08x,0x%llx,0x%llx)", evlog_le32(d),
			      evlog_le32(d + 20), start, size);
	} else {
		evlog_appendf(out, cap, "HD(%u,%u,0,0x%llx,0x%llx)", evlog_le32(d), d[37], start,
			      size);
	}
}

static void n_cdrom(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "CDROM(0x%x,0x%llx,0x%llx)", evlog_le32(d),
		      (unsigned long long)evlog_le64(d + 4),
		      (unsigned long long)evlog_le64(d + 12));
}

static void n_venmedia(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	n_guid("VenMedia", d, out, cap);
}

static void n_file(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t used = strlen(out);

	if (used + 1 < cap)
		evlog_utf16_to_utf8(d, n / 2, out + used, cap - used);
}

static void n_fvfile(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	n_guid("FvFile", d, out, cap);
}

static void n_fv(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	n_guid("Fv", d, out, cap);
}

static void n_offset(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "Offset(0x%llx,0x%llx)", (unsigned long long)evlog_le64(d + 4),
		      (unsigned long long)evlog_le64(d + 12));
}

static void n_bbs(const uint8_t *d, size_t n, char *out, size_t cap)
{
	(void)n;
	evlog_appendf(out, cap, "BBS(0x%x)", evlog_le16(d));
}

/*
 * A node's identifiers, for evlog_devpath_redact: secret_len bytes of its
 * data from secret_off (SECRET_REST: to the node's end). The MAC and IP
 * addresses of network boot, an NVMe namespace's EUI-64, a GPT partition's
 * GUID (or MBR signature), a boot URI.
 */
#define SECRET_REST 0xffff

struct node_kind {
	uint8_t type, subtype;
	uint16_t min; /* data bytes after the 4-byte header */
	node_fn *fn;
	uint16_t secret_off, secret_len;
};

static const struct node_kind kinds[] = {
    {1, 1, 2, n_pci, 0, 0},	  {1, 3, 20, n_mmap, 0, 0},
    {1, 4, 16, n_venhw, 0, 0},	  {1, 5, 4, n_ctrl, 0, 0},
    {2, 1, 8, n_acpi, 0, 0},	  {2, 3, 4, n_acpi_adr, 0, 0},
    {3, 1, 4, n_ata, 0, 0},	  {3, 2, 4, n_scsi, 0, 0},
    {3, 5, 2, n_usb, 0, 0},	  {3, 10, 16, n_venmsg, 0, 0},
    {3, 11, 33, n_mac, 0, 32},	  {3, 12, 15, n_ipv4, 0, 8},
    {3, 13, 32, n_ipv6, 0, 32},	  {3, 18, 6, n_sata, 0, 0},
    {3, 23, 12, n_nvme, 4, 8},	  {3, 24, 0, n_uri, 0, SECRET_REST},
    {4, 1, 38, n_hd, 20, 16},	  {4, 2, 20, n_cdrom, 0, 0},
    {4, 3, 16, n_venmedia, 0, 0}, {4, 4, 0, n_file, 0, 0},
    {4, 6, 16, n_fvfile, 0, 0},	  {4, 7, 16, n_fv, 0, 0},
    {4, 8, 20, n_offset, 0, 0},	  {5, 1, 4, n_bbs, 0, 0},
};

static const struct node_kind *kind_find(uint8_t type, uint8_t subtype)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].type == type && kinds[i].subtype == subtype)
			return &kinds[i];
	return NULL;
}

int evlog_devpath_text(const uint8_t *p, size_t len, char *out, size_t cap)
{
	const struct node_kind *k;
	size_t pos = 0, n;
	bool sep = false;
	int rc = 0;

	if (!cap)
		return -EINVAL;
	out[0] = '\0';
	while (pos < len && !rc) {
		n = len - pos >= NODE_HEAD ? evlog_le16(p + pos + 2) : 0;
		if (n < NODE_HEAD || n > len - pos) {
			evlog_appendf(out, cap, "%s<bad node>", sep ? "/" : "");
			rc = -EBADMSG;
			break;
		}
		if (p[pos] == END_TYPE && p[pos + 1] == END_ENTIRE)
			break;
		if (p[pos] == END_TYPE) {
			evlog_appendf(out, cap, ",");
			sep = false;
			pos += n;
			continue;
		}
		if (sep)
			evlog_appendf(out, cap, "/");
		k = kind_find(p[pos], p[pos + 1]);
		if (k && n - NODE_HEAD >= k->min)
			k->fn(p + pos + NODE_HEAD, n - NODE_HEAD, out, cap);
		else
			evlog_appendf(out, cap, "Path(%u,%u)", p[pos], p[pos + 1]);
		sep = true;
		pos += n;
	}
	return rc;
}

size_t evlog_devpath_redact(uint8_t *p, size_t len)
{
	const struct node_kind *k;
	size_t pos = 0, n, data, off, cnt, blanked = 0;

	while (pos + NODE_HEAD <= len) {
		n = evlog_le16(p + pos + 2);
		if (n < NODE_HEAD || n > len - pos ||
		    (p[pos] == END_TYPE && p[pos + 1] == END_ENTIRE))
			break;
		k = kind_find(p[pos], p[pos + 1]);
		data = n - NODE_HEAD;
		if (k && k->secret_len && data >= k->min && k->secret_off < data) {
			off = k->secret_off;
			cnt = k->secret_len == SECRET_REST ? data - off : k->secret_len;
			if (cnt > data - off)
				cnt = data - off;
			memset(p + pos + NODE_HEAD + off, 0, cnt);
			blanked++;
		}
		pos += n;
	}
	return blanked;
}
