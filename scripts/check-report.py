#!/usr/bin/env python3
"""Checks a report rendered by headless Chromium: a non-blank PNG of the expected size, a PDF,
and the page's text (from --dump-dom) holding the tables and the numbers of plan.json."""
import json
import struct
import sys
import zlib


def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, width, height, colour = 8, b"", 0, 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8, "8-bit channels expected"
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    png, pdf, dom_path, plan_path, width, height = sys.argv[1:7]
    w, h, channels, rows = png_pixels(png)
    assert (w, h) == (int(width), int(height)), f"screenshot is {w}x{h}, expected {width}x{height}"
    inked = colours = 0
    seen = set()
    for row in rows[::4]:
        for x in range(0, w * channels, channels * 4):
            pixel = row[x:x + 3]
            seen.add(pixel)
            if sum(pixel) < 600:
                inked += 1
    sampled = (h // 4 + 1) * (w // 4 + 1)
    share = inked / sampled
    assert share > 0.02, f"the screenshot is nearly blank ({share:.1%} inked)"
    assert len(seen) > 50, f"the screenshot has only {len(seen)} colours"
    assert open(pdf, "rb").read(5) == b"%PDF-", "not a PDF"
    dom = open(dom_path, encoding="utf-8").read()
    plan = json.load(open(plan_path, encoding="utf-8"))
    needed = ["概要 Summary", "合规检查 Compliance", "牵头校努力值", "成员校提升值", "交流轮岗名单", "走教课表", "<svg"]
    needed.append("%.2f" % plan["solver"]["rotation"]["objective"])
    needed.append("%.2f" % plan["solver"]["itinerant"]["objective"])
    needed += [line["teacher"] for line in plan["rotations"][:5]]
    missing = [text for text in needed if text not in dom]
    assert not missing, f"the rendered page lacks {missing}"
    print(f"report ok: {w}x{h} PNG, {share:.1%} inked, {len(seen)} colours; PDF; {len(needed)} texts found")


if __name__ == "__main__":
    main()
