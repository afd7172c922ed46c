"""Small real files of each accepted type, as the portal's content checks expect them."""

import io

from PIL import Image


def image_bytes(pillow_format, size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=pillow_format)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
