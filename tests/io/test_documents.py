"""A referral's documents are proved by parsing them: real hostile PDFs and images, made here, are refused."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from generator.io.documents import SAFE_NAME, Limits, Refused, inspect

LIMITS = Limits(max_bytes=2_000_000, max_pdf_pages=3, max_image_pixels=1_000_000)


def _pdf(pages: int = 1, change: object = None) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if callable(change):
        change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _encrypted(user: str) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=user))
    return out.getvalue()


def _image(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _javascript(pdf: pikepdf.Pdf) -> None:
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.OpenAction = action


def _named_script(pdf: pikepdf.Pdf) -> None:
    script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["x", script])))


def _launch(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))


def _embedded(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", mime_type="application/octet-stream")


def test_a_plain_pdf_and_images_pass() -> None:
    assert inspect("genogram.pdf", _pdf(2), LIMITS).pages == 2
    assert inspect("photo.png", _image("PNG"), LIMITS).format == "PNG"
    assert inspect("scan.jpg", _image("JPEG"), LIMITS).format == "JPEG"


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "attachment-content", "does not start with %PDF-"),
        ("broken.pdf", b"%PDF-1.7\n" + b"\x00" * 200, "attachment-content", "could not be read"),
        ("locked.pdf", _encrypted("secret"), "attachment-encrypted", "needs a password"),
        ("restricted.pdf", _encrypted(""), "attachment-encrypted", "even with no password"),
        ("opens.pdf", _pdf(1, _javascript), "attachment-active-content", "/OpenAction"),
        ("script.pdf", _pdf(1, _named_script), "attachment-active-content", "/J"),
        ("launch.pdf", _pdf(1, _launch), "attachment-active-content", "/AA"),
        ("carrier.pdf", _pdf(1, _embedded), "attachment-active-content", "/EmbeddedFile"),
        ("long.pdf", _pdf(4), "attachment-too-many-pages", "has 4 pages"),
        ("huge.png", _image("PNG", (1200, 1000)), "attachment-too-large", "1200 x 1000 pixels"),
        ("liar.png", _image("JPEG"), "attachment-content", "is JPEG"),
        ("notes.png", b"just some text", "attachment-content", "could not be read"),
        ("cut.jpg", _image("JPEG", (400, 300))[:300], "attachment-content", "could not be read"),
        ("big.pdf", b"%PDF-" + b"0" * 2_000_001, "attachment-too-large", "at most 2,000,000"),
        ("macro.docx", b"PK\x03\x04", "attachment-type", "only PDF, PNG and JPEG"),
    ],
)
def test_hostile_documents_are_refused_saying_why(name: str, data: bytes, code: str, words: str) -> None:
    with pytest.raises(Refused) as refused:
        inspect(name, data, LIMITS)
    assert refused.value.code == code and words in refused.value.message, refused.value.message
    assert refused.value.hint


@pytest.mark.parametrize("name", ["Genogram.pdf", "../x.pdf", "a b.pdf", "x.pdf.exe", ".hidden.pdf", "x.PNG", "é.pdf"])
def test_odd_names_are_not_document_names(name: str) -> None:
    assert not SAFE_NAME.fullmatch(name)
