# Draws the app icons in splunk_app/static (36 and 72 px, normal and alternate). Run from the
# repository root: python3 src/assembly/make_icons.py
import zlib, struct
def png(path, n, bg, fg):
    rows = []
    for y in range(n):
        row = bytearray([0])
        for x in range(n):
            u, v = x / n, y / n
            # a rounded tile with two bars: a session that opens (left) and one left open (right)
            inside = 0.08 < u < 0.92 and 0.08 < v < 0.92
            bar1 = 0.22 < u < 0.44 and 0.25 < v < 0.75
            bar2 = 0.56 < u < 0.78 and 0.25 < v < 0.55
            c = fg if inside and (bar1 or bar2) else (bg if inside else (0, 0, 0, 0))
            row += bytes(c if len(c) == 4 else c + (255,))
        rows.append(bytes(row))
    raw = b''.join(rows)
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 8, 6, 0, 0, 0)) \
        + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)
for name, n in [('appIcon.png', 36), ('appIcon_2x.png', 72)]:
    png('splunk_app/static/' + name, n, (26, 107, 140), (255, 255, 255))
for name, n in [('appIconAlt.png', 36), ('appIconAlt_2x.png', 72)]:
    png('splunk_app/static/' + name, n, (255, 255, 255), (26, 107, 140))
