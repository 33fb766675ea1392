"""Writes an EVTX log of at least MB megabytes (2^20 bytes) made of the real 64 KiB chunks of every
EVTX file under DATA (cycled in path order), behind a valid file header.
    python3 src/bench/evtx-from-chunks.py DATA TARGET [MB]     (MB defaults to 200)
"""
import glob, struct, sys, zlib

data, target = sys.argv[1], sys.argv[2]
mb = float(sys.argv[3]) if len(sys.argv) > 3 else 200
files = sorted(f for f in glob.glob(data + "/**/*.evtx", recursive=True) if "bad_string" not in f)
chunks = []
for f in files:
    b = open(f, "rb").read()
    chunks += [b[o:o + 65536] for o in range(4096, len(b) - 65535, 65536) if b[o:o + 8] == b"ElfChnk\0"]
need = int(mb * (1 << 20)) // 65536 + 1
body = (chunks * (need // len(chunks) + 1))[:need]
header = bytearray(open(files[0], "rb").read()[:4096])
struct.pack_into("<QQ", header, 8, 0, len(body) - 1)       # first and last chunk number
struct.pack_into("<H", header, 42, len(body) & 0xFFFF)       # number of chunks
struct.pack_into("<I", header, 120, 0)                       # flags: clean
struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])) & 0xFFFFFFFF)
with open(target, "wb") as w:
    w.write(header)
    for c in body:
        w.write(c)
